import { decodeBase64Url } from './base64url.js';
import { isHighS } from './ecdsa-low-s.js';
import { ReceiptError } from './errors.js';
import type { PublicJwk } from './types.js';

/**
 * Keys imported lately, by their coordinates: a device's receipts (and a batch of them) come
 * with the same key, and importing one costs about as much as verifying with it. Bounded, and
 * only keys that imported (so proven points on the curve) are kept.
 */
const imported = new Map<string, CryptoKey>();
const MAX_IMPORTED = 1024;

/** Imports only the public members, so WebCrypto also checks the point is on the curve. */
export async function importVerifyKey(jwk: PublicJwk): Promise<CryptoKey> {
  const id = `${jwk.x}.${jwk.y}`;
  const known = imported.get(id);
  if (known) return known;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch (cause) {
    throw new ReceiptError('RECEIPT_JWK', 'jwk is not a usable P-256 public key', { cause });
  }
  if (imported.size >= MAX_IMPORTED) imported.delete(imported.keys().next().value!);
  imported.set(id, key);
  return key;
}

export interface Es256VerifyOptions {
  /**
   * Refuse a high-S signature (see ecdsa-low-s.ts). On for shopper receipts, where a twin could
   * take a device's receipt id; off for countersignatures, which nobody deduplicates and which
   * were stored in either form before signers normalised.
   */
  lowS: boolean;
}

/** Throws RECEIPT_SIGNATURE unless `signature` is a valid raw r‖s ES256 signature of the input. */
export async function verifyEs256(key: CryptoKey, signingInput: string, signature: string, options: Es256VerifyOptions): Promise<void> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = decodeBase64Url(signature, 'signature');
  } catch (cause) {
    throw new ReceiptError('RECEIPT_SIGNATURE', 'signature is not canonical base64url', { cause });
  }
  // A DER-encoded signature (what node:crypto gives by default) is refused, not converted.
  if (bytes.length !== 64) throw new ReceiptError('RECEIPT_SIGNATURE', `signature must be 64 bytes, not ${bytes.length}`);
  if (options.lowS && isHighS(bytes)) {
    throw new ReceiptError('RECEIPT_SIGNATURE', 'signature is in high-S form (s > n/2), the malleable twin of a low-S signature; ES256 receipts must be low-S');
  }
  let valid = false;
  try {
    valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes, new TextEncoder().encode(signingInput));
  } catch (cause) {
    throw new ReceiptError('RECEIPT_SIGNATURE', 'signature could not be checked', { cause });
  }
  if (!valid) throw new ReceiptError('RECEIPT_SIGNATURE', 'signature does not verify');
}
