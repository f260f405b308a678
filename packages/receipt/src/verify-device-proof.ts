import { decodeJsonObject, splitCompact } from './compact-jws.js';
import { ReceiptError } from './errors.js';
import { importVerifyKey, verifyEs256 } from './es256-verify.js';
import { DEVICE_PROOF_TYP, MAX_DEVICE_PROOF_JWS_LENGTH } from './media-types.js';
import { toPublicJwk } from './public-jwk.js';
import type { DeviceProofPayload } from './sign-device-proof.js';
import { jwkThumbprint } from './thumbprint.js';
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
  const parts = splitCompact(jws, MAX_DEVICE_PROOF_JWS_LENGTH);
  const header = decodeJsonObject(parts.header, 'header');
  if (header.alg !== 'ES256') throw new ReceiptError('RECEIPT_ALG', `header alg must be ES256, not ${JSON.stringify(header.alg)}`);
  if (header.typ !== DEVICE_PROOF_TYP) invalid(`header typ must be ${DEVICE_PROOF_TYP}`);
  if (Object.hasOwn(header, 'crit')) throw new ReceiptError('RECEIPT_MALFORMED', 'header crit is not supported');
  const jwk = toPublicJwk(header.jwk);
  const kid = await jwkThumbprint(jwk);
  if (header.kid !== kid) throw new ReceiptError('RECEIPT_KID', 'header kid is not the thumbprint of header jwk');
  await verifyEs256(await importVerifyKey(jwk), parts.signingInput, parts.signature, { lowS: true });

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
