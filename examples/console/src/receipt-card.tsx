/** @jsxImportSource preact */
import { formatDateTime, purposeLabel, useLocale } from './i18n/i18n.js';
import { SWITCHED_PURPOSE } from './request-switch.js';
import { CHAIN_OK, type Check, type ReceiptProof } from './verify-proof.js';

function Verdict({ ok, children }: { ok: boolean; children: string }) {
  // Said in words, not only by colour: "Verified" / "NOT verified".
  return <span class={ok ? 'badge badge-ok' : 'badge badge-bad'}>{children}</span>;
}

/** One receipt: what it says (from its payload), and each check this browser made. */
export function ReceiptCard({ proof, index, current, bundledSha }: { proof: ReceiptProof; index: number; current: boolean; bundledSha: string }) {
  const { t, language } = useLocale();
  const p = proof.payload;
  const headingId = `receipt-${index}`;
  const eventName = p && typeof p.event === 'string' && p.event in t.proof.events ? t.proof.events[p.event as keyof typeof t.proof.events] : '?';
  const decided = p && typeof p.iat_ms === 'number' ? formatDateTime(p.iat_ms, language) : '—';
  const why = (check: Check) => (check.ok ? null : <span class="reason">{t.proof.because(check.code, check.message)}</span>);

  return (
    <article class={proof.verified ? 'receipt receipt-ok' : 'receipt receipt-bad'} aria-labelledby={headingId} data-verified={proof.verified ? 'true' : 'false'}>
      <h2 id={headingId} class="receipt-heading">
        {t.proof.receiptHeading(index, eventName, decided)}{' '}
        <Verdict ok={proof.verified}>{proof.verified ? t.proof.verified : t.proof.notVerified}</Verdict>
      </h2>
      {current && <p class="current">{t.proof.currentProof(purposeLabel(SWITCHED_PURPOSE, language))}</p>}
      {!p && <p class="reason">{t.proof.unreadable}</p>}
      {p && !proof.signature.ok && <p class="reason">{t.proof.unverifiedContent}</p>}
      <dl class="facts">
        <dt>{t.proof.deviceSignature}</dt>
        <dd>
          <Verdict ok={proof.signature.ok}>{proof.signature.ok ? t.proof.verified : t.proof.notVerified}</Verdict> {why(proof.signature)}
        </dd>
        <dt>{t.proof.countersignature}</dt>
        <dd>
          {proof.countersignature.ok ? (
            <>
              <Verdict ok>{t.proof.verified}</Verdict>{' '}
              {proof.countersignature.serverTimeMs !== undefined && t.proof.countersignedAt(formatDateTime(proof.countersignature.serverTimeMs, language))}
            </>
          ) : proof.countersignature.code === 'MISSING' ? (
            <Verdict ok={false}>{t.proof.countersignatureMissing}</Verdict>
          ) : (
            <>
              <Verdict ok={false}>{t.proof.notVerified}</Verdict> {why(proof.countersignature)}
            </>
          )}
        </dd>
        <dt>{t.proof.chain}</dt>
        <dd>
          <Verdict ok={CHAIN_OK.has(proof.chain)}>{t.proof.chainStates[proof.chain]}</Verdict>
          {proof.chain === 'restart' && <span class="hint block">{t.proof.restartNote}</span>}
          {proof.fork && <span class="reason block">{t.proof.fork}</span>}
        </dd>
        {p && (
          <>
            <dt>{t.proof.receiptId}</dt>
            <dd class="mono">{String(p.consentReceiptID)}</dd>
            <dt>{t.proof.signedCustomerId}</dt>
            <dd class="mono">{typeof p.subjectId === 'string' ? p.subjectId : '—'}</dd>
            <dt>{t.proof.signedPrincipalId}</dt>
            <dd class="mono">{String(p.piiPrincipalId)}</dd>
            <dt>{t.proof.decisions}</dt>
            <dd>
              <ul class="plain">
                {Object.entries(p.decisions ?? {}).map(([purpose, granted]) => (
                  <li key={purpose}>
                    {purposeLabel(purpose, language)}: <strong>{granted ? t.proof.granted : t.proof.notGranted}</strong>
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t.proof.policy}</dt>
            <dd>
              <span class="mono">
                {p.policy?.version} · {p.policy?.sha256}
              </span>{' '}
              {proof.policyMatches === null ? null : proof.policyMatches ? (
                <Verdict ok>{t.proof.policyMatches}</Verdict>
              ) : (
                <Verdict ok={false}>{t.proof.policyStale(bundledSha)}</Verdict>
              )}
            </dd>
            <dt>{t.proof.confirmation}</dt>
            <dd class="mono">{p.confirmation?.method ?? '—'}</dd>
            <dt>{t.proof.deviceKey}</dt>
            <dd class="mono">{proof.kid ?? '—'}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
