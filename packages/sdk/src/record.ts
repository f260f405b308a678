import type { Confirmation, Decisions, PolicyRef, ReceiptEvent } from '@artgrad/receipt';

// The receipt's own types: a record is the receipt's fields as the browser keeps them.
export type { Confirmation, Decisions, PolicyRef, ReceiptEvent };

/**
 * A decision as the browser keeps it: the fields of the signed receipt that state is derived
 * from, and the receipt itself (`jws`), linked to the previous one by `prev`.
 */
export interface DecisionRecord {
  /** UUID; the receipt's `consentReceiptID`. */
  readonly id: string;
  /** Milliseconds since the epoch, from the shopper's clock. */
  readonly time: number;
  readonly event: ReceiptEvent;
  /** Every purpose shown, granted (`true`) or not. */
  readonly decisions: Decisions;
  readonly policy: PolicyRef;
  readonly confirmation: Confirmation;
  /** Interface language the shopper saw. */
  readonly language: string;
  /** The shop's customer id, once `identify()` linked it. */
  readonly subjectId?: string;
  /** The signed receipt (compact JWS, ES256, device key). */
  readonly jws: string;
  /** Thumbprint of the device key that signed it. */
  readonly kid: string;
  /** SHA-256 of `jws`: the next receipt's `prev`. */
  readonly hash: string;
  readonly prev: string | null;
  /** Write order in this browser, which is the chain order; IndexedDB's key. */
  readonly seq?: number;
}

/** A receipt waiting for the backend's acknowledgement. */
export interface OutboxEntry {
  readonly id: string;
  readonly jws: string;
}

/** A receipt the backend rejected: kept, never dropped, and reported. */
export interface DeadLetter {
  readonly id: string;
  readonly jws: string;
  readonly error: string;
  readonly time: number;
}

/** One receipt of the local history, with what became of it. */
export interface ReceiptStatus {
  readonly record: DecisionRecord;
  readonly status: 'pending' | 'acknowledged' | 'rejected';
  /** The controller's countersigned receipt, once the backend stored it. */
  readonly countersignature?: string;
  readonly error?: string;
}
