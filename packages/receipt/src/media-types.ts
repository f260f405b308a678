import { MAX_RECEIPT_JWS_LENGTH } from './wire-protocol.js';

// Distinct `typ` values keep a shopper receipt from being accepted where a countersignature is
// expected, and the other way round.
export const RECEIPT_TYP = 'consent-receipt+jws';
export const COUNTERSIGNATURE_TYP = 'consent-countersignature+jws';
/** A countersignature carries the receipt's payload again, so it gets twice the room. */
export const MAX_COUNTERSIGNATURE_JWS_LENGTH = 2 * MAX_RECEIPT_JWS_LENGTH;
/** A device's proof that it holds its key, for one request (reading its own receipt, say). */
export const DEVICE_PROOF_TYP = 'device-proof+jws';
/** A proof names one method and path: a few hundred bytes, with room to spare. */
export const MAX_DEVICE_PROOF_JWS_LENGTH = 4 * 1024;
