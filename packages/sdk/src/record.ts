/**
 * A decision as the browser keeps it. Shaped like the consent receipt it becomes: the receipts
 * issue adds the signed JWS and the controller's countersignature beside these fields.
 */
export type ReceiptEvent = 'given' | 'refused' | 'updated' | 'withdrawn' | 'identified';
export type Decisions = Record<string, boolean>;

export interface PolicyRef {
  readonly version: string;
  readonly sha256: string;
  readonly language: string;
}

/** How the decision was confirmed, with the protective step's evidence. */
export interface Confirmation {
  readonly method: string;
  readonly [detail: string]: unknown;
}

export interface DecisionRecord {
  /** UUID; becomes the receipt's `consentReceiptID`. */
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
  /** Write order in this browser; IndexedDB's key. */
  readonly seq?: number;
}
