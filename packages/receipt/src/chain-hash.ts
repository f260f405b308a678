import { encodeBase64Url } from './base64url.js';
import { ReceiptError } from './errors.js';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * SHA-256 (base64url) of the JWS compact string: the next receipt's `prev`. Hashing the exact
 * signed string, not the payload, means a receipt cannot be re-encoded and still link.
 */
export async function chainHash(jws: string): Promise<string> {
  if (typeof jws !== 'string' || !COMPACT_JWS.test(jws)) {
    throw new ReceiptError('RECEIPT_MALFORMED', 'chainHash needs a JWS in compact serialization');
  }
  // The compact form is ASCII, so its UTF-8 bytes are its ASCII bytes.
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jws))));
}
