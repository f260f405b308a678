import { principalHistories } from '../state/consent-state.js';
import { principalDecisions } from '../state/decision-events.js';
import { pageOfProofs, proofRowOf, type HolderQuery, type Page, type ProofRow, type UnsignedProofRow } from './holders.js';
import { historiesDecidingOn } from '../state/purpose-histories.js';
import type { Store } from '../store/store.js';

/** A principal who held a purpose, withdrew it, and has not granted it again; `receiptId` withdrew it. */
export type Withdrawal = ProofRow;

/**
 * Who withdrew `purpose` at or after `sinceSeconds` and still does not hold it: the list a
 * marketer needs to take people out of public sources (policy item 23.6). Someone who withdrew
 * and later granted again is a holder, not listed here.
 */
export async function findWithdrawals(store: Store, purpose: string, sinceSeconds: number, query: HolderQuery): Promise<Page<Withdrawal>> {
  const found: UnsignedProofRow[] = [];
  for (const shopper of principalHistories(await historiesDecidingOn(store, [purpose]))) {
    const decisions = principalDecisions(shopper.histories).filter((d) => d.purpose === purpose);
    if (decisions.at(-1)?.granted !== false) continue;
    const withdrawal = decisions.findLast((d) => d.event === 'withdrawn');
    if (withdrawal && withdrawal.entry.consentTimestamp >= sinceSeconds) found.push(proofRowOf(shopper, withdrawal.entry));
  }
  return pageOfProofs(store, found, query);
}
