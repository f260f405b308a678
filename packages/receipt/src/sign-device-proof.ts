import { signCompact } from './es256-sign.js';
import { DEVICE_PROOF_TYP, MAX_DEVICE_PROOF_JWS_LENGTH } from './media-types.js';
import { toPublicJwk } from './public-jwk.js';
import { jwkThumbprint } from './thumbprint.js';
import type { PublicJwk } from './types.js';

/** What a device proof binds: one request, at one time (after RFC 9449 DPoP's `htm`/`htu`/`iat`/`jti`). */
export interface DeviceProofPayload {
  /** The HTTP method, upper case. */
  htm: string;
  /**
   * The API path as the receiver's OpenAPI document names it (`/receipts/<id>`), without a prefix
   * the site mounts the receiver under (`/api`) and without a query: a proxy in between must
   * not make a genuine proof fail.
   */
  htp: string;
  /** Seconds since the epoch; a receiver takes proofs only a few minutes either side of its clock. */
  iat: number;
  /** A fresh random id, so no two proofs are the same bytes. */
  jti: string;
}

export interface DeviceProofHeader {
  alg: 'ES256';
  typ: typeof DEVICE_PROOF_TYP;
  kid: string;
  jwk: PublicJwk;
}

/**
 * Proof, for one request, that the caller holds a device key: a short-lived JWS signed by it.
 * What it proves is possession of the key that signed a receipt, so a receiver can hand that
 * receipt (and its personal data) to its own device and to nobody else.
 */
export async function signDeviceProof(
  request: { method: string; path: string },
  privateKey: CryptoKey,
  jwk: PublicJwk,
  nowMs: number = Date.now(),
): Promise<string> {
  const publicMembers = toPublicJwk(jwk);
  const header: DeviceProofHeader = { alg: 'ES256', typ: DEVICE_PROOF_TYP, kid: await jwkThumbprint(publicMembers), jwk: publicMembers };
  const payload: DeviceProofPayload = { htm: request.method.toUpperCase(), htp: request.path, iat: Math.floor(nowMs / 1000), jti: crypto.randomUUID() };
  return signCompact(header, payload, privateKey, MAX_DEVICE_PROOF_JWS_LENGTH);
}
