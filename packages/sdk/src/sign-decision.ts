import type { PolicyIdentity } from '@artgrad/policy';
import { assembleReceipt, chainHash, signReceipt } from '@artgrad/receipt';
import type { ResolvedConfig } from './config.js';
import { deviceKey } from './device-key.js';
import { ConsentError } from './errors.js';
import { withLock } from './locks.js';
import type { Confirmation, Decisions, DecisionRecord, ReceiptEvent } from './record.js';
import { deriveState, grantedMap } from './state.js';
import type { ConsentStore } from './store.js';

export interface SignerContext {
  config: ResolvedConfig;
  policy: PolicyIdentity;
  store(): ConsentStore;
  /** The purposes asked for now (an `identified` receipt names them). */
  requested(): readonly string[];
}

/** One decision to sign: `event` and `subject` for `identify()`, otherwise the event follows from the chain. */
export interface DecisionInput {
  decisions: Decisions;
  confirmation: Confirmation;
  language: string;
  event?: ReceiptEvent;
  subject?: string;
  /** Set when this signs the decision held in the hint (its press time): it then leaves the hint. */
  held?: number;
}

/**
 * Records of the earlier, unsigned store version (no `jws`) prove nothing and were never sent:
 * they are left out everywhere (state, chain, history), so the banner asks again.
 */
export const chainOf = async (store: ConsentStore): Promise<DecisionRecord[]> => (await store.records()).filter((r) => r.jws);

/**
 * Signs decisions into the chain: reads the chain head, signs and writes under one Web Lock (an
 * IndexedDB transaction cannot span the await of signing, and two tabs must never fork the
 * chain). Resolves with the whole chain as written, or, when `identify()` repeats the id already
 * linked, with that earlier record alone (no receipt is added).
 */
export function decisionSigner(ctx: SignerContext): (input: DecisionInput) => Promise<DecisionRecord[] | DecisionRecord> {
  const { config, policy } = ctx;
  const label = (id: string, language: string) => {
    const purpose = config.catalogue.find((p) => p.id === id);
    return purpose?.label[language as 'kk'] ?? purpose?.label.kk ?? id;
  };
  return ({ decisions, confirmation, language, event, subject }) =>
    withLock(`artgrad-consent:chain:${config.dbName}`, async () => {
      const store = ctx.store();
      const chain = await chainOf(store);
      // Sites call identify() on every page view: the id already linked adds no receipt.
      const same = subject && (await store.meta('subjectId')) === subject && [...chain].reverse().find((r) => r.event === 'identified' && r.subjectId === subject);
      if (same) return same;
      const before = grantedMap(deriveState(chain));
      const grants = Object.values(decisions).some(Boolean);
      const kind: ReceiptEvent =
        event ?? (grants ? (chain.some((r) => r.event !== 'identified') ? 'updated' : 'given') : Object.keys(decisions).some((p) => before[p]) ? 'withdrawn' : 'refused');
      const key = await deviceKey(store);
      const last = chain[chain.length - 1];
      const subjectId = subject ?? (await store.meta('subjectId'));
      const id = crypto.randomUUID();
      const time = Date.now();
      const prev = last?.kid === key.kid ? last.hash : null;
      const ids = Object.keys(decisions).length ? Object.keys(decisions) : ctx.requested();
      const policyRef = { version: policy.version, sha256: policy.sha256, language: policy.language };
      let jws: string;
      try {
        // The configuration was checked at start; the backend verifies every receipt it gets.
        // A receipt too large for one batch of the wire protocol is refused here (RECEIPT_TOO_LARGE).
        const payload = assembleReceipt({
          id,
          timeMs: time,
          principalId: subjectId ?? key.kid,
          ...(subjectId ? { subjectId } : {}),
          controller: config.controller,
          policyUrl: config.policyUrl,
          language,
          purposes: ids.map((p) => ({ id: p, label: label(p, language) })),
          decisions,
          event: kind,
          policy: policyRef,
          confirmation: { ...confirmation },
          prev,
          // A chain exists but not under this key: the old key is gone and this one starts anew.
          newKey: chain.length > 0 && !prev,
          terms: config.terms,
        });
        jws = await signReceipt(payload, key.privateKey, key.jwk);
      } catch (cause) {
        throw new ConsentError('SIGNING', `the receipt could not be signed: ${(cause as Error).message}`, { cause });
      }
      const record: DecisionRecord = {
        id,
        time,
        event: kind,
        decisions: { ...decisions },
        policy: policyRef,
        confirmation,
        language,
        ...(subjectId ? { subjectId } : {}),
        jws,
        kid: key.kid,
        hash: await chainHash(jws),
        prev,
      };
      // The chain as read under the lock, plus this record: what every tab's store now holds.
      const stored = await store.append(record);
      // Only once its receipt exists: an id stored without one would be linked by nothing.
      if (subject) await store.setMeta('subjectId', subject);
      return [...chain, stored];
    }) as Promise<DecisionRecord[] | DecisionRecord>;
}
