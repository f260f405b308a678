/**
 * The wire protocol's limits and answer, stated once: the SDK packs its batches within them,
 * every backend (the reference receiver too) refuses what exceeds them, and the OpenAPI document
 * says the same numbers.
 */

/** Receipts per `POST /receipts`. */
export const MAX_BATCH_RECEIPTS = 50;

/** Bytes of a `POST /receipts` body: `{"receipts":[…]}`, UTF-8 (a JWS is ASCII). */
export const MAX_BATCH_BYTES = 60 * 1024;

/** The body's bytes for these receipts, counted as the SDK counts them (a little over the exact JSON). */
export const batchBytes = (receipts: readonly string[]): number => receipts.reduce((bytes, jws) => bytes + jws.length + 3, BATCH_ENVELOPE_BYTES);
/** `{"receipts":[` and `]}` with a byte to spare; each receipt adds its quotes and a comma. */
export const BATCH_ENVELOPE_BYTES = 16;

/**
 * Characters of one receipt JWS: what fits a batch alone, so that every receipt the SDK signs
 * can be delivered. A real receipt is about 2.5 KB; the bound is there for untrusted input.
 */
export const MAX_RECEIPT_JWS_LENGTH = MAX_BATCH_BYTES - BATCH_ENVELOPE_BYTES - 3;

/** A backend's word on one receipt: `results[i]` of the answer to `POST /receipts`. */
export interface ReceiptResult {
  readonly id: string | null;
  readonly status: 'stored' | 'duplicate' | 'rejected';
  /** `CODE: message`, when rejected. */
  readonly error?: string;
  /** The controller's countersignature, when stored or duplicate. */
  readonly receipt?: string;
}
