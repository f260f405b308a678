import { decodeBase64Url } from './base64url.js';
import { ReceiptError } from './errors.js';
import { isRecord } from './formats.js';
import type { PublicJwk } from './types.js';

function coordinate(jwk: Record<string, unknown>, name: 'x' | 'y'): string {
  const value = jwk[name];
  let length = -1;
  if (typeof value === 'string') {
    try {
      length = decodeBase64Url(value).length;
    } catch {
      // reported below with the JWK code
    }
  }
  if (length !== 32) throw new ReceiptError('RECEIPT_JWK', `jwk.${name} must be 32 bytes of base64url`);
  return value as string;
}

/**
 * The public members of an EC P-256 JWK. With `allowPrivate` false a `d` member is an error:
 * a header or a published key that carries `d` has leaked the private key, and accepting it
 * quietly would hide that.
 */
export function toPublicJwk(value: unknown, allowPrivate = false): PublicJwk {
  if (!isRecord(value)) throw new ReceiptError('RECEIPT_JWK', 'jwk must be an object');
  if (value.kty !== 'EC' || value.crv !== 'P-256') {
    throw new ReceiptError('RECEIPT_JWK', 'jwk must be an EC P-256 key');
  }
  if (!allowPrivate && 'd' in value) {
    throw new ReceiptError('RECEIPT_JWK', 'jwk must not contain the private member d');
  }
  return { kty: 'EC', crv: 'P-256', x: coordinate(value, 'x'), y: coordinate(value, 'y') };
}
