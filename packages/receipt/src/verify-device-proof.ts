import { decodeJsonObject } from './compact-jws.js';
import { ReceiptError } from './errors.js';
import { DEVICE_PROOF_TYP, MAX_DEVICE_PROOF_JWS_LENGTH } from './media-types.js';
import type { DeviceProofPayload } from './sign-device-proof.js';
import { verifyKeyHeader } from './verify-key-header.js';
import type { PublicJwk } from './types.js';

export interface DeviceProofOptions {
  /** The request's method and API path; the proof must name exactly these. */
  method: string;
  path: string;
  /** The verifier's clock, ms since the epoch. */
  now: number;
  /** How far `iat` may be from the verifier's clock, either way. Default 300 s. */
  maxSkewSeconds?: number;
}

export interface VerifiedDeviceProof {
  /** The thumbprint of the key that signed: the device. */
  kid: string;
  jwk: PublicJwk;
  payload: DeviceProofPayload;
}

function invalid(message: string): never {
  throw new ReceiptError('RECEIPT_PROOF', message);
}

/**
 * Verifies a device proof (`signDeviceProof`) for one request. Stateless: a proof can be replayed
 * for the same request within its window, which gives the replayer only what the device itself
 * was about to read, over a channel (TLS) that already carried the proof.
 */
export async function verifyDeviceProof(jws: string, options: DeviceProofOptions): Promise<VerifiedDeviceProof> {
  const { parts, jwk, kid } = await verifyKeyHeader(jws, { typ: DEVICE_PROOF_TYP, typCode: 'RECEIPT_PROOF', maxLength: MAX_DEVICE_PROOF_JWS_LENGTH, requireLowS: true });
  const payload = decodeJsonObject(parts.payload, 'payload');
  if (payload.htm !== options.method.toUpperCase()) invalid(`the proof is for another method than ${options.method.toUpperCase()}`);
  if (payload.htp !== options.path) invalid('the proof is for another path');
  const iat = payload.iat;
  const skew = options.maxSkewSeconds ?? 300;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat)) invalid('iat must be an integer (seconds)');
  if (Math.abs(iat - Math.floor(options.now / 1000)) > skew) invalid(`the proof was made more than ${skew} s from the verifier's clock`);
  if (typeof payload.jti !== 'string' || payload.jti.length < 16 || payload.jti.length > 64) invalid('jti must be a string of 16 to 64 characters');
  return { kid, jwk, payload: { htm: payload.htm, htp: payload.htp, iat, jti: payload.jti } };
}
