import type { ConsentError } from './errors.js';
import type { Decisions, DecisionRecord } from './record.js';
import type { RightsRequestStatus } from './rights/request-entry.js';
import type { Cleared } from './clear/clear-purposes.js';

/** The outcome of one sync pass. */
export interface SyncReport {
  readonly stored: number;
  readonly duplicate: number;
  readonly rejected: number;
  /** Still in the outbox afterwards. */
  readonly pending: number;
  readonly error?: string;
}

export interface ConsentChange {
  readonly state: Decisions;
  /** The record that caused the change; `null` when another tab made it. */
  readonly record: DecisionRecord | null;
  /**
   * What a refusal or withdrawal cleared of the purposes' declared cookies and storage. With
   * `reloadAdvised`, a purpose that was granted is not any more: vendor code already running on
   * this page keeps what it holds in memory until the page is reloaded.
   */
  readonly cleared?: Cleared & { readonly reloadAdvised: boolean };
}

/** What `api.on(type, fn)` delivers, by type. */
export interface ConsentEvents {
  change: ConsentChange;
  /** A receipt was signed and stored (it is in the outbox until the backend acknowledges it). */
  receipt: DecisionRecord;
  sync: SyncReport;
  error: ConsentError;
  /** A rights request was made, acknowledged, answered, refused, extended or done: all of this device's, newest first. */
  requests: readonly RightsRequestStatus[];
}
