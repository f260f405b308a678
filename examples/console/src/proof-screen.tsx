/** @jsxImportSource preact */
import { kazakhPolicy } from '@artgrad/policy';
import type { ApiClient } from './api-client.js';
import type { ChainBody, Jwks } from './api-types.js';
import { AsyncView } from './async-view.js';
import { useLocale } from './i18n/i18n.js';
import { ReceiptCard } from './receipt-card.js';
import type { Route } from './routes.js';
import { useAsync } from './use-async.js';
import { verifyProof, type ProofReport } from './verify-proof.js';

// The policy this console was built with: a receipt made under another hash came from an embed
// carrying another text (a stale copy of the script tag, or a text changed without a new version).
const BUNDLED = (() => {
  const policy = kazakhPolicy();
  return { version: policy.version, sha256: policy.sha256 };
})();

interface Loaded {
  chain: ChainBody;
  report: ProofReport;
}

/**
 * The receipts behind one shopper's state, each verified here in the browser: the device's
 * signature, the controller's countersignature (against the published JWKS) and the chain links.
 */
export function ProofScreen({ client, route }: { client: ApiClient; route: Extract<Route, { name: 'proof' }> }) {
  const { t } = useLocale();
  const handle = useAsync(
    async (signal): Promise<Loaded> => {
      const [chain, jwks] = await Promise.all([
        client.json<ChainBody>(`/admin/principals/${route.kid}/chain`, { signal }),
        client.publicJson<Jwks>('/.well-known/jwks.json', signal),
      ]);
      return { chain, report: await verifyProof(chain, Array.isArray(jwks.keys) ? jwks.keys : [], BUNDLED) };
    },
    [client, route.kid],
  );

  return (
    <>
      <p>
        <a href={route.back}>{t.proof.back}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t.proof.title}
      </h1>
      <AsyncView handle={handle} action="loadProof" loadingLabel={t.proof.verifying}>
        {({ chain, report }) => {
          const total = report.receipts.length;
          const bad = total - report.verified;
          return (
            <>
              <dl class="facts">
                <dt>{t.proof.principal}</dt>
                <dd class="mono">{chain.principal}</dd>
                <dt>{t.proof.customerId}</dt>
                <dd class="mono">{chain.subjectId ?? '—'}</dd>
                <dt>{t.proof.deviceKeys}</dt>
                <dd class="mono">
                  {chain.kids.map((kid) => (
                    <span class="block" key={kid}>
                      {kid}
                    </span>
                  ))}
                </dd>
              </dl>
              <p class={bad === 0 && total > 0 ? 'summary summary-ok' : 'summary summary-bad'} data-testid="proof-summary">
                <strong>{total === 0 ? t.proof.summaryNone : bad === 0 ? t.proof.summaryAll(total) : t.proof.summarySome(bad, total)}</strong>
              </p>
              <p class="hint">{t.proof.browserNote}</p>
              <ol class="receipts">
                {report.receipts.map((proof, i) => (
                  <li key={proof.rowId}>
                    <ReceiptCard proof={proof} index={i + 1} current={proof.rowId === route.receipt} bundledSha={BUNDLED.sha256} />
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </AsyncView>
    </>
  );
}
