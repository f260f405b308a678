import type { DecisionEvent } from './decision-events.js';

/**
 * One principal's current state for one purpose, as kept at ingest: its latest decision and the
 * receipt that made it, and, while it is not granted, the receipt that last withdrew it. Every
 * admin list reads these rows by index instead of deriving them from every receipt.
 */
export interface StateRow {
  /** `s:<subjectId>` for a shopper the shop identified, `k:<kid>` for a device it never did. */
  principalKey: string;
  purpose: string;
  granted: boolean;
  subjectId: string | null;
  /** Of the device whose receipt made the decision (its latest `piiPrincipalId`). */
  piiPrincipalId: string;
  kid: string;
  /** The stored id of the receipt of the decision (`<id>#<kid>` when kept under a derived id). */
  receiptId: string;
  /** Its consentTimestamp, seconds. */
  decidedAt: number;
  receivedAtMs: number;
  /** The last on→off transition, while the purpose stays off; null otherwise. */
  withdrawal: { piiPrincipalId: string; kid: string; receiptId: string; at: number; receivedAtMs: number } | null;
}

/** Which principal a device key belongs to now. */
export interface DeviceRow {
  kid: string;
  principalKey: string;
}

/** A lower-cased id a marketer may search by (customer id, piiPrincipalId, kid, receipt id), naming its principal. */
export interface TermRow {
  term: string;
  principalKey: string;
}

/** Decisions of one event about one purpose in one quarter hour (UTC, `floor(consentTimestamp / 900)`). */
export interface CountRow {
  purpose: string;
  bucket: number;
  event: DecisionEvent;
  n: number;
}

/** Seconds per count bucket: every time zone in use is a whole number of quarter hours from UTC. */
export const BUCKET_SECONDS = 900;

/** What the state of some principals is, derived from their receipts. */
export interface DerivedState {
  rows: StateRow[];
  terms: TermRow[];
  /** `purpose \t bucket \t event` → decisions. */
  counts: Map<string, number>;
}
