import { HttpError } from '../http/http-error.js';
import type { ListCursor, StateListQuery, StateListRow } from '../store/state-sql.js';
import type { Store } from '../store/store.js';
import { encodeCursor } from './list-cursor.js';

/**
 * A principal and the receipt behind its current state for one purpose: the row shape shared by
 * the holders list, the withdrawals list and both CSV exports.
 */
export interface ProofRow {
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
  /** The device key of the receipt. */
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

export interface ListQuery {
  /** Case-insensitive prefix of the customer id, a piiPrincipalId, a device key or a receipt id. */
  q?: string;
  /** Continue after this item (`nextCursor` of the previous page). */
  after?: ListCursor;
  limit: number;
  /** Kept for pagers that jump to a page number; costs in proportion to it, unlike `after`. */
  offset: number;
}
export interface Page<T> {
  total: number;
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** The most search terms a prefix may match: a broader one is refused rather than read whole. */
export const MAX_SEARCH_MATCHES = 10_000;

/** The store's query for a list, with its search checked: bounded, so a one-letter prefix cannot make a marketer's read cost the whole table. */
export async function stateQuery(store: Store, purpose: string, query: ListQuery): Promise<StateListQuery> {
  const prefix = query.q?.toLowerCase();
  if (prefix !== undefined && (await store.termCount(prefix, MAX_SEARCH_MATCHES + 1)) > MAX_SEARCH_MATCHES) {
    throw new HttpError(422, 'SEARCH_TOO_BROAD', `more than ${MAX_SEARCH_MATCHES} ids start with this; type more of the id`);
  }
  return { purpose, limit: query.limit, offset: query.offset, ...(prefix === undefined ? {} : { prefix }), ...(query.after ? { after: query.after } : {}) };
}

/** A list row as the API and the CSV show it. */
export const proofRowOf = (r: StateListRow): ProofRow => ({
  principal: r.subjectId ?? r.piiPrincipalId,
  subjectId: r.subjectId,
  piiPrincipalId: r.piiPrincipalId,
  kid: r.kid,
  receiptId: r.receiptId,
  consentTimestamp: r.at,
  receivedAt: new Date(r.receivedAtMs).toISOString(),
  countersignature: r.countersignature,
});

const nextCursorOf = (rows: readonly StateListRow[], limit: number): string | null =>
  rows.length < limit || rows.length === 0 ? null : encodeCursor({ at: rows.at(-1)!.at, receiptId: rows.at(-1)!.receiptId });

/** One page of a list, with its total and the cursor of the page after. */
export async function pageOf(rows: Promise<StateListRow[]>, total: Promise<number>, limit: number): Promise<Page<ProofRow>> {
  const [listed, count] = await Promise.all([rows, total]);
  return { total: count, items: listed.map(proofRowOf), nextCursor: nextCursorOf(listed, limit) };
}

/**
 * Who holds `purpose` now: each principal whose last decision about it, on any of its devices,
 * granted it, newest first, with the receipt of that decision as proof. Read from the state kept
 * at ingest, so a withdrawal removes a holder as soon as it is stored.
 */
export async function findHolders(store: Store, purpose: string, query: ListQuery): Promise<Page<Holder>> {
  const q = await stateQuery(store, purpose, query);
  return pageOf(store.holders(q), store.holdersTotal(q), query.limit);
}
