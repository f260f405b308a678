// Distinct `typ` values keep a shopper receipt from being accepted where a countersignature is
// expected, and the other way round.
export const RECEIPT_TYP = 'consent-receipt+jws';
export const COUNTERSIGNATURE_TYP = 'consent-countersignature+jws';
/** Bounds work done on untrusted input; a real receipt is a few KiB. */
export const MAX_RECEIPT_JWS_LENGTH = 64 * 1024;
/** A countersignature carries the receipt's payload again, so it gets twice the room. */
export const MAX_COUNTERSIGNATURE_JWS_LENGTH = 2 * MAX_RECEIPT_JWS_LENGTH;
