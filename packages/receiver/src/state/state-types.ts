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

/**
 * The days the console asks for by default are Kazakhstan's (UTC+5 since 1 March 2024), so the
 * counts are also kept per day of that zone: a month is then 31 rows per purpose and event
 * however busy the shop, where summing quarter hours reads up to 2,976 of them. Other offsets
 * are summed from the quarter hours, exactly.
 */
export const KEPT_DAY_OFFSET_SECONDS = 5 * 3600;
export const DAY_SECONDS = 86_400;
/** The day (since the epoch, at UTC+5) of a time in seconds. */
export const keptDayOf = (seconds: number): number => Math.floor((seconds + KEPT_DAY_OFFSET_SECONDS) / DAY_SECONDS);

/** Decisions of one event about one purpose on one day at UTC+5: the quarter hours' sum, kept beside them. */
export interface DayCountRow {
  purpose: string;
  day: number;
  event: DecisionEvent;
  n: number;
}

/**
 * Principals whose purpose stands withdrawn, by the day (at UTC+5) of that withdrawal: the
 * withdrawals list's total since a date is these days' sum plus the rows of its first day,
 * instead of a count that grows with every withdrawal ever kept.
 */
export interface WithdrawnDayRow {
  purpose: string;
  day: number;
  n: number;
}

/** Everything a transaction changes in the state tables, written at once (one statement on PostgreSQL). */
export interface StateWrite {
  /** Principals whose rows and terms become exactly `rows` and `terms`. */
  principals: readonly string[];
  rows: readonly StateRow[];
  terms: readonly TermRow[];
  devices: readonly DeviceRow[];
  /** Differences to add, each key once, in key order (so concurrent writers lock counters in one order). */
  counts: readonly CountRow[];
  holders: readonly (readonly [purpose: string, delta: number])[];
  withdrawn: readonly WithdrawnDayRow[];
}

/** What the state of some principals is, derived from their receipts. */
export interface DerivedState {
  rows: StateRow[];
  terms: TermRow[];
  /** `purpose \t bucket \t event` → decisions. */
  counts: Map<string, number>;
}
