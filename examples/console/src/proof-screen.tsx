/** @jsxImportSource preact */
import { kazakhPolicy } from '@artgrad/policy';
import type { ApiClient } from './api-client.js';
import type { ChainBody, Jwks } from './api-types.js';
import { AsyncView } from './async-view.js';
import { purposeLabel, useLocale } from './i18n/i18n.js';
import { ReceiptCard } from './receipt-card.js';
import { SWITCHED_PURPOSE } from './request-switch.js';
import { routeHref, type Route } from './routes.js';
import { useAsync } from './use-async.js';
import { verifyProof, type ProofClaim, type ProofReport } from './verify-proof.js';

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

/** The verdict: NOT verified unless the named receipt proves the row and every receipt verifies. */
function ProofSummary({ report, receiptId, named: hasClaim, granted }: { report: ProofReport; receiptId: string; named: boolean; granted: boolean | null }) {
  const { t, language } = useLocale();
  const total = report.receipts.length;
  const bad = total - report.verified;
  const { claim: named } = report;
  // A stale policy hash is no forgery, but the shopper did not see the text this console vouches for.
  const ok = total > 0 && bad === 0 && report.stale === 0 && named.ok;
  const verdict =
    total === 0
      ? t.proof.summaryNone
      : !named.ok
        ? t.proof.claimFailed[named.problem](receiptId || '—')
        : bad > 0
          ? t.proof.summarySome(bad, total)
          : report.stale > 0
            ? t.proof.summaryStale(report.stale, total)
            : t.proof.summaryAll(total);
  const detail = named.ok && hasClaim ? t.proof.claimOk(purposeLabel(SWITCHED_PURPOSE, language), granted) : total > 0 ? t.proof.receiptsVerified(report.verified, total) : null;
  return (
    <p class={ok ? 'summary summary-ok' : 'summary summary-bad'} data-testid="proof-summary">
      <strong>{verdict}</strong>
      {detail && <span class="block">{detail}</span>}
    </p>
  );
}

/**
 * The receipts behind one shopper's state, each verified here in the browser: the device's
 * signature, the controller's countersignature (against the published JWKS) and the chain links;
 * and the receipt the list row named, which must be among them and say what the row says.
 */
export function ProofScreen({ client, route }: { client: ApiClient; route: Extract<Route, { name: 'proof' }> }) {
  const { t } = useLocale();
  // A holder has dissemination granted, a withdrawal has it not granted.
  // Without a named receipt (a device opened from another device's proof) only the chain is checked.
  const claim: ProofClaim | null = route.receipt
    ? {
        receiptId: route.receipt,
        kid: route.kid,
        ...(route.list ? { decision: { purpose: SWITCHED_PURPOSE, granted: route.list === 'holders' } } : {}),
      }
    : null;
  const handle = useAsync(
    async (signal): Promise<Loaded> => {
      const [chain, jwks] = await Promise.all([
        client.json<ChainBody>(`/admin/principals/${route.kid}/chain`, { signal }),
        client.publicJson<Jwks>('/.well-known/jwks.json', signal),
      ]);
      return { chain, report: await verifyProof(chain, Array.isArray(jwks.keys) ? jwks.keys : [], BUNDLED, claim) };
    },
    [client, route.kid, route.receipt, route.list],
  );
  const loaded = handle.state.status === 'done' ? handle.state.value : null;

  return (
    <>
      <p>
        <a href={route.back}>{t.proof.back}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t.proof.title}
      </h1>
      {/* Always here, outside what loading replaces, so the verdict is announced when it arrives (WCAG 4.1.3). */}
      <div role="status">{loaded && <ProofSummary report={loaded.report} receiptId={route.receipt} named={claim !== null} granted={claim?.decision ? claim.decision.granted : null} />}</div>
      <AsyncView handle={handle} action="loadProof" loadingLabel={t.proof.verifying}>
        {({ chain, report }) => {
          const { claim: named } = report;
          // The customer id is the server's (the row's, or the chain's without a row); only what the
          // named receipt signed is verified, so a difference is said, not smoothed over.
          const customer = route.list ? route.customer || null : chain.subjectId;
          const proving = named.index === null ? undefined : report.receipts[named.index];
          const signedCustomer = proving?.signature.ok ? (proving.payload?.subjectId ?? null) : undefined;
          return (
            <>
              <dl class="facts">
                <dt>{t.proof.principal}</dt>
                <dd class="mono">{chain.principal}</dd>
                <dt>{t.proof.customerId}</dt>
                <dd>
                  <span class="mono">{customer ?? '—'}</span>
                  {signedCustomer !== undefined && signedCustomer !== customer && (
                    <span class="reason block" data-testid="customer-mismatch">
                      <span class="badge badge-bad">{t.proof.customerDiffers}</span> {t.proof.customerMismatch(signedCustomer)}
                    </span>
                  )}
                </dd>
                <dt>{t.proof.deviceKeys}</dt>
                <dd class="mono">
                  {chain.kids.map((kid) => (
                    <span class="block" key={kid}>
                      {kid}
                    </span>
                  ))}
                </dd>
                {chain.devices?.length > 0 && (
                  <>
                    <dt>{t.proof.otherDevices}</dt>
                    <dd class="mono">
                      {chain.devices.map((kid) => (
                        <a class="block" key={kid} href={routeHref({ name: 'proof', kid, receipt: '', list: '', customer: '', back: route.back })}>
                          {kid}
                        </a>
                      ))}
                    </dd>
                  </>
                )}
              </dl>
              {/* The chain endpoint is one device's: the shopper's other devices are not in it. */}
              <p class="hint">{t.proof.perDeviceNote}</p>
              <p class="hint">{t.proof.browserNote}</p>
              <ol class="receipts">
                {report.receipts.map((proof, i) => (
                  <li key={proof.rowId}>
                    <ReceiptCard proof={proof} index={i + 1} current={named.index === i} bundledSha={BUNDLED.sha256} />
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
