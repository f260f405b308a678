import { splitCompact, type CompactParts } from './compact-jws.js';
import { decodeJsonObject } from './compact-jws.js';
import { ReceiptError, type ReceiptErrorCode } from './errors.js';
import { importVerifyKey, verifyEs256 } from './es256-verify.js';
import { toPublicJwk } from './public-jwk.js';
import { jwkThumbprint } from './thumbprint.js';
import type { PublicJwk } from './types.js';

export interface KeyHeaderExpectation {
  typ: string;
  /** The code a wrong `typ` is refused with. */
  typCode: ReceiptErrorCode;
  maxLength: number;
  requireLowS: boolean;
}

/**
 * A JWS signed by the key its own header carries (a shopper receipt, a device proof), checked
 * up to its signature: only ES256 (`none` and HMAC would let anyone "sign"), the expected `typ`,
 * no `crit`, a public P-256 `jwk` whose thumbprint is the `kid`, and a signature by that key.
 * The payload is the caller's to check.
 */
export async function verifyKeyHeader(jws: string, expect: KeyHeaderExpectation): Promise<{ parts: CompactParts; jwk: PublicJwk; kid: string }> {
  const parts = splitCompact(jws, expect.maxLength);
  const header = decodeJsonObject(parts.header, 'header');
  if (header.alg !== 'ES256') throw new ReceiptError('RECEIPT_ALG', `header alg must be ES256, not ${JSON.stringify(header.alg)}`);
  if (header.typ !== expect.typ) throw new ReceiptError(expect.typCode, `header typ must be ${expect.typ}`);
  // No extension is understood, so RFC 7515 §4.1.11 says any `crit` makes the JWS invalid.
  if (Object.hasOwn(header, 'crit')) throw new ReceiptError('RECEIPT_MALFORMED', 'header crit is not supported');
  const jwk = toPublicJwk(header.jwk);
  const kid = await jwkThumbprint(jwk);
  if (header.kid !== kid) throw new ReceiptError('RECEIPT_KID', 'header kid is not the thumbprint of header jwk');
  await verifyEs256(await importVerifyKey(jwk), parts.signingInput, parts.signature, { lowS: expect.requireLowS });
  return { parts, jwk, kid };
}
