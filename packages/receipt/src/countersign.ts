import { ReceiptError } from './errors.js';
import { signCompact } from './es256-sign.js';
import { COUNTERSIGNATURE_TYP, MAX_COUNTERSIGNATURE_JWS_LENGTH } from './media-types.js';
import { jwkThumbprint } from './thumbprint.js';
import type { ConsentReceiptPayload } from './types.js';
import type { VerifiedReceipt } from './verify-receipt.js';

export interface CountersignatureHeader {
  alg: 'ES256';
  /** Thumbprint of the controller key; verifiers look it up in the controller's JWKS. */
  kid: string;
  typ: 'consent-countersignature+jws';
}

export interface CountersignaturePayload {
  receipt: ConsentReceiptPayload;
  /** `chainHash` of the shopper's JWS: what binds this countersignature to that exact receipt. */
  receiptHash: string;
  serverTime: number;
  serverTimeMs: number;
  iss: 'controller';
}

/**
 * The controller's signed acknowledgement of a verified shopper receipt, with the time the
 * controller received it: the shopper keeps it as proof that the controller has the receipt.
 * No jwk in the header: a countersignature is only worth something under a key the controller
 * publishes, so verifiers must take keys from its JWKS.
 */
export async function countersign(
  verified: VerifiedReceipt,
  controllerPrivateKey: CryptoKey,
  controllerJwk: JsonWebKey,
  serverTimeMs: number,
): Promise<string> {
  if (!Number.isSafeInteger(serverTimeMs) || serverTimeMs < 0) {
    throw new ReceiptError('RECEIPT_INPUT', 'serverTimeMs must be a non-negative integer');
  }
  const header: CountersignatureHeader = { alg: 'ES256', kid: await jwkThumbprint(controllerJwk), typ: COUNTERSIGNATURE_TYP };
  const payload: CountersignaturePayload = {
    receipt: verified.payload,
    receiptHash: verified.chainHash,
    serverTime: Math.floor(serverTimeMs / 1000),
    serverTimeMs,
    iss: 'controller',
  };
  return signCompact(header, payload, controllerPrivateKey, MAX_COUNTERSIGNATURE_JWS_LENGTH);
}
