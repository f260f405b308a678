import { currentState, principalOf } from './consent-state.js';
import { purposeDecisions } from './decision-events.js';
import type { HolderQuery, Page, ProofRow } from './holders.js';
import { historiesDecidingOn, matchesQuery } from './purpose-histories.js';
import type { Store } from './store/store.js';

/** A principal who held a purpose, withdrew it, and has not granted it again; `receiptId` withdrew it. */
export type Withdrawal = ProofRow;

/**
 * Who withdrew `purpose` at or after `sinceSeconds` and still does not hold it: the list a
 * marketer needs to take people out of public sources (policy item 23.6). Someone who withdrew
 * and later granted again is a holder, not listed here.
 */
export async function findWithdrawals(store: Store, purpose: string, sinceSeconds: number, query: HolderQuery): Promise<Page<Withdrawal>> {
  const found: Withdrawal[] = [];
  for (const history of await historiesDecidingOn(store, [purpose])) {
    if (currentState(history).get(purpose)?.granted !== false) continue;
    const withdrawal = purposeDecisions(history)
      .filter((d) => d.purpose === purpose)
      .findLast((d) => d.event === 'withdrawn');
    if (!withdrawal) continue;
    const proof = withdrawal.entry.stored;
    if (proof.consentTimestamp < sinceSeconds) continue;
    const item: Withdrawal = {
      ...principalOf(history),
      kid: history.kids.at(-1)!,
      receiptId: proof.id,
      consentTimestamp: proof.consentTimestamp,
      receivedAt: new Date(proof.receivedAtMs).toISOString(),
      countersignature: proof.countersignature,
    };
    if (matchesQuery([item.principal, item.subjectId, item.piiPrincipalId, item.receiptId, item.kid], query.q)) found.push(item);
  }
  // Newest withdrawals first; the id breaks ties so pages never overlap.
  found.sort((a, b) => b.consentTimestamp - a.consentTimestamp || (a.receiptId < b.receiptId ? -1 : 1));
  return { total: found.length, items: found.slice(query.offset, query.offset + query.limit) };
}
