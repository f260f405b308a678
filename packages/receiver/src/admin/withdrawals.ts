import type { Store } from '../store/store.js';
import { pageOf, stateQuery, type ListQuery, type Page, type ProofRow } from './holders.js';

/** A principal who held a purpose, withdrew it, and has not granted it again; `receiptId` withdrew it. */
export type Withdrawal = ProofRow;

/**
 * Who withdrew `purpose` at or after `sinceSeconds` and still does not hold it: the list a
 * marketer needs to take people out of public sources (policy item 23.6). Someone who withdrew
 * and later granted again is a holder, not listed here. Newest withdrawal first.
 */
export async function findWithdrawals(store: Store, purpose: string, sinceSeconds: number, query: ListQuery): Promise<Page<Withdrawal>> {
  const q = { ...(await stateQuery(store, purpose, query)), since: sinceSeconds };
  return pageOf(store.withdrawals(q), store.withdrawalsTotal(q), query.limit);
}
