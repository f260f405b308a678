import { currentState, principalOf } from './consent-state.js';
import { historiesDecidingOn, matchesQuery } from './purpose-histories.js';
import type { Store } from './store/store.js';

/**
 * A principal and the receipt behind its current state for one purpose: the row shape shared by
 * the holders list, the withdrawals list and both CSV exports.
 */
export interface ProofRow {
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
  /** The device key it signs with now. */
  kid: string;
  /** The receipt that decided it (the latest decision about the purpose in chain order). */
  receiptId: string;
  /** When the shopper decided (the receipt's consentTimestamp, seconds). */
  consentTimestamp: number;
  /** When the controller received it (ISO 8601). */
  receivedAt: string;
  /** The controller's countersignature of that receipt. */
  countersignature: string;
}

/** A principal whose current consent to a purpose is granted, with the receipt that proves it. */
export type Holder = ProofRow;

export interface HolderQuery {
  /** Case-insensitive substring of the principal, subjectId, piiPrincipalId, receipt id or kid. */
  q?: string;
  limit: number;
  offset: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Derives, from the receipts alone, who currently holds `purpose`. Reads every receipt of every
 * device that ever decided about it, so the answer reflects a withdrawal the moment it is stored.
 */
export async function allHolders(store: Store, purpose: string): Promise<Holder[]> {
  const holders: Holder[] = [];
  for (const history of await historiesDecidingOn(store, [purpose])) {
    const state = currentState(history).get(purpose);
    if (!state?.granted) continue;
    const proof = state.proof.stored;
    holders.push({
      ...principalOf(history),
      kid: history.kids.at(-1)!,
      receiptId: proof.id,
      consentTimestamp: proof.consentTimestamp,
      receivedAt: new Date(proof.receivedAtMs).toISOString(),
      countersignature: proof.countersignature,
    });
  }
  // Newest grants first; the id breaks ties so pages never overlap.
  return holders.sort((a, b) => b.consentTimestamp - a.consentTimestamp || (a.receiptId < b.receiptId ? -1 : 1));
}

export async function findHolders(store: Store, purpose: string, query: HolderQuery): Promise<Page<Holder>> {
  const all = (await allHolders(store, purpose)).filter((h) => matchesQuery([h.principal, h.subjectId, h.piiPrincipalId, h.receiptId, h.kid], query.q));
  return { total: all.length, items: all.slice(query.offset, query.offset + query.limit) };
}
