/**
 * Every failure this package reports. The codes are API: callers (the SDK's store, the
 * receiver's per-receipt answers, the console) branch on them, so they never change meaning.
 */
export type ReceiptErrorCode =
  | 'RECEIPT_INPUT'
  | 'RECEIPT_MALFORMED'
  | 'RECEIPT_TOO_LARGE'
  | 'RECEIPT_ALG'
  | 'RECEIPT_JWK'
  | 'RECEIPT_KID'
  | 'RECEIPT_SIGNATURE'
  | 'RECEIPT_SCHEMA'
  | 'RECEIPT_FUTURE'
  | 'RECEIPT_PURPOSE'
  | 'RECEIPT_COUNTERSIGNATURE'
  | 'RECEIPT_PROOF';

/** One class with a stable `code`, so `instanceof` and `switch (err.code)` are all a caller needs. */
export class ReceiptError extends Error {
  override readonly name = 'ReceiptError';
  readonly code: ReceiptErrorCode;

  constructor(code: ReceiptErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
