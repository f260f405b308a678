/**
 * The one storage interface both backends implement. Small and async on purpose: SQLite answers
 * synchronously, PostgreSQL over the network, and handlers must not care which. Receipts are
 * append-only: there is no method that updates or deletes one (and the databases refuse it too).
 */
import type { LogReader } from '../state/derive-from-log.js';
import type { CountRow, DayCountRow, DeviceRow, StateRow, TermRow, WithdrawnDayRow } from '../state/state-types.js';
import type { StateListQuery, StateListRow } from './state-sql.js';
import type { JsonWebKey } from '../webcrypto-types.js';
import type { RightsRequestStore } from '../rights-requests/rights-types.js';

/** A shopper receipt as kept: the signed JWS, the controller's countersignature, and the facts
 *  the queries need (all copied from the verified receipt, never edited). */
export interface StoredReceipt {
  /** `consentReceiptID`. */
  id: string;
  /** Thumbprint of the device key: one chain per kid. */
  kid: string;
  /** `chainHash` of the JWS; the next receipt of the device carries it as `prev`. */
  chainHash: string;
  prev: string | null;
  newKey: boolean;
  event: string;
  consentTimestamp: number;
  iatMs: number;
  principalId: string;
  subjectId: string | null;
  /** The one-time-code token's `jti`, when the confirmation was a verified code. Unique. */
  otpJti: string | null;
  jws: string;
  countersignature: string;
  receivedAtMs: number;
}

/**
 * What chain order and consent state are derived from: a stored receipt's facts and decisions,
 * without the signed JWS and the countersignature. A marketer's list derives state from every
 * receipt of every device that decided a purpose, on each request; decoding thousands of JWS for
 * it cost ten times what reading these columns does (`scripts/bench-receiver.mjs`).
 */
export interface DecisionRow extends Omit<StoredReceipt, 'jws' | 'countersignature'> {
  /** Purpose id → consented, as the receipt's `decisions`. */
  decisions: Record<string, boolean>;
}

/** A stored receipt with its decisions. */
export interface DecidedReceipt extends StoredReceipt, DecisionRow {}

/** A receipt to append, with its decisions copied into the purpose index (`kidsDecidingOn`). */
export type NewReceipt = DecidedReceipt;

/** What happened to one receipt handed to `appendReceipts`. */
export type AppendOutcome =
  | { kind: 'stored' }
  /** A receipt with this id is already stored (maybe the same JWS, maybe not: the caller compares). */
  | { kind: 'exists'; existing: StoredReceipt }
  /** Another receipt already carries this one-time-code token. */
  | { kind: 'jti-used'; byReceiptId: string };

export interface ControllerKeyRecord {
  kid: string;
  /** Public members only. */
  jwk: JsonWebKey;
  addedAtMs: number;
}

/** One flip of a marketer's switch: whether the site asks shoppers for `purpose`. */
export interface RequestChange {
  purpose: string;
  requested: boolean;
  /** The admin token's name. */
  changedBy: string;
  changedAtMs: number;
}

export interface OtpChallenge {
  id: string;
  channel: 'sms' | 'email';
  /** Keyed hash of the normalised address: the address itself is never stored. */
  addressHash: string;
  /** Keyed hash of the code, bound to the challenge id. */
  codeHash: string;
  createdAtMs: number;
  expiresAtMs: number;
  attempts: number;
  usedAtMs: number | null;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  /** Stores each receipt unless its id (or its token's jti) is taken; one outcome per row, in order. */
  appendReceipts(rows: readonly NewReceipt[]): Promise<AppendOutcome[]>;
  getReceipt(id: string): Promise<StoredReceipt | undefined>;
  getReceipts(ids: readonly string[]): Promise<StoredReceipt[]>;
  /** The id of the receipt that carries this token `jti`, if any. */
  receiptIdForJti(jti: string): Promise<string | undefined>;
  /** Every receipt of these device keys (any order: chain order is derived by the caller). */
  receiptsOfKids(kids: readonly string[]): Promise<DecidedReceipt[]>;
  /** The same receipts as decision rows (any order). */
  decisionRowsOfKids(kids: readonly string[]): Promise<DecisionRow[]>;
  /** Device keys with at least one receipt naming this customer id (`subjectId`). */
  kidsIdentifiedAs(subjectId: string): Promise<string[]>;

  /** Remembers a controller public key (idempotent), so countersignatures stay verifiable after rotation. */
  addControllerKey(record: ControllerKeyRecord): Promise<void>;
  controllerKeys(): Promise<ControllerKeyRecord[]>;

  recordRequestChange(change: RequestChange): Promise<void>;
  /** Oldest first. */
  requestChanges(purpose: string): Promise<RequestChange[]>;

  /**
   * Creates the challenge unless `maxPerWindow` challenges for the same address were created
   * since `windowStartMs` (checked and inserted atomically). Also forgets challenges created
   * before `purgeBeforeMs`: they serve no limit any more.
   */
  createOtpChallenge(
    challenge: OtpChallenge,
    limit: { windowStartMs: number; maxPerWindow: number; purgeBeforeMs: number },
  ): Promise<'created' | 'rate-limited'>;
  getOtpChallenge(id: string): Promise<OtpChallenge | undefined>;
  /** Counts one attempt unless `maxAttempts` were made or the challenge was used; the count after, or undefined. */
  countOtpAttempt(id: string, maxAttempts: number): Promise<number | undefined>;
  /** Marks the challenge used; false when it already was. */
  useOtpChallenge(id: string, nowMs: number): Promise<boolean>;

  // The current state, kept at ingest in the same transaction as the receipts (`state/`), read by index.
  /** Holders of a purpose, newest decision first. */
  holders(query: StateListQuery): Promise<StateListRow[]>;
  /** How many the holders list has: the kept counter, or a count of the search's matches. */
  holdersTotal(query: Pick<StateListQuery, 'purpose' | 'prefix'>): Promise<number>;
  /** Who withdrew a purpose at or after `since` (seconds) and has not granted it again, newest first. */
  withdrawals(query: StateListQuery & { since: number }): Promise<StateListRow[]>;
  withdrawalsTotal(query: StateListQuery & { since: number }): Promise<number>;
  /** Search terms starting with `prefix`, counted no further than `cap`. */
  termCount(prefix: string, cap: number): Promise<number>;
  /**
   * Decisions per day (days since the epoch at `offsetSeconds`) in the quarter hours
   * `[fromBucket, toBucket)`: from the day counts at UTC+5, or summed from the quarter-hour counts.
   */
  dailyCounts(purposes: readonly string[], fromBucket: number, toBucket: number, offsetSeconds: number): Promise<{ purpose: string; day: number; event: string; n: number }[]>;
  /** The receipts by device, for deriving the state from the log alone. */
  readonly log: LogReader;
  /** The kept state as it is, for `verify-state`. */
  readonly kept: KeptState;
  /** Shoppers' requests under policy item 23, their events and the personal data beside them. */
  readonly rights: RightsRequestStore;

  close(): Promise<void>;
}

/** The tables kept at ingest, read as they are (never derived): what `verify-state` compares. */
export interface KeptState {
  of(principalKeys: readonly string[]): Promise<{ rows: StateRow[]; terms: TermRow[] }>;
  devicesOf(kids: readonly string[]): Promise<DeviceRow[]>;
  totals(): Promise<{ rows: number; terms: number; devices: number }>;
  /** Every count that is not zero. */
  counts(): Promise<CountRow[]>;
  /** Every day count that is not zero. */
  days(): Promise<DayCountRow[]>;
  holders(): Promise<Map<string, number>>;
  /** Standing withdrawals per day, where not zero. */
  withdrawn(): Promise<WithdrawnDayRow[]>;
}
