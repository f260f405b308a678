import { principalHistories, principalOf, type PrincipalHistories } from '../state/consent-state.js';
import { principalDecisions } from '../state/decision-events.js';
import { historiesDecidingOn, matchesQuery } from '../state/purpose-histories.js';
import type { DecisionRow, Store } from '../store/store.js';

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

/** A proof row before its countersignature is read: lists are derived, searched and paged on these. */
export type UnsignedProofRow = Omit<ProofRow, 'countersignature'>;

/** The row for a shopper, proved by `proof`, one of the receipts of its devices. */
export function proofRowOf(shopper: PrincipalHistories, proof: DecisionRow): UnsignedProofRow {
  const { piiPrincipalId } = principalOf(shopper.histories.find((h) => h.kids.includes(proof.kid))!);
  return {
    principal: shopper.subjectId ?? piiPrincipalId,
    subjectId: shopper.subjectId,
    piiPrincipalId,
    kid: proof.kid,
    receiptId: proof.id,
    consentTimestamp: proof.consentTimestamp,
    receivedAt: new Date(proof.receivedAtMs).toISOString(),
  };
}

/**
 * Searches, orders (newest first; the id breaks ties so pages never overlap) and pages `rows`,
 * then reads the countersignatures of the rows on the page only: they are in the signed
 * documents, which the derivation itself never reads.
 */
export async function pageOfProofs(store: Store, rows: UnsignedProofRow[], query: HolderQuery): Promise<Page<ProofRow>> {
  const found = rows
    .filter((r) => matchesQuery([r.principal, r.subjectId, r.piiPrincipalId, r.receiptId, r.kid], query.q))
    .sort((a, b) => b.consentTimestamp - a.consentTimestamp || (a.receiptId < b.receiptId ? -1 : 1));
  const page = found.slice(query.offset, query.offset + query.limit);
  const countersignatures = new Map((await store.getReceipts(page.map((r) => r.receiptId))).map((r) => [r.id, r.countersignature]));
  return {
    total: found.length,
    items: page.map((r) => {
      const countersignature = countersignatures.get(r.receiptId);
      // Receipts are append-only: a row derived a moment ago cannot lose its receipt.
      if (countersignature === undefined) throw new Error(`receipt ${r.receiptId} has no stored row`);
      return { ...r, countersignature };
    }),
  };
}

/**
 * Derives, from the receipts alone, who currently holds `purpose`: each shopper whose last
 * decision about it, on any of its devices, granted it; the receipt of that decision is the
 * proof. Reads every receipt of every device that ever decided about it, so the answer reflects
 * a withdrawal the moment it is stored.
 */
export async function holderRows(store: Store, purpose: string): Promise<UnsignedProofRow[]> {
  const holders: UnsignedProofRow[] = [];
  for (const shopper of principalHistories(await historiesDecidingOn(store, [purpose]))) {
    const last = principalDecisions(shopper.histories).findLast((d) => d.purpose === purpose);
    if (last?.granted) holders.push(proofRowOf(shopper, last.entry));
  }
  return holders;
}

export async function findHolders(store: Store, purpose: string, query: HolderQuery): Promise<Page<Holder>> {
  return pageOfProofs(store, await holderRows(store, purpose), query);
}
