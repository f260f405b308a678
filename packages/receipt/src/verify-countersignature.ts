import { chainHash } from './chain-hash.js';
import { checkPayload } from './check-payload.js';
import { decodeJsonObject, splitCompact } from './compact-jws.js';
import type { CountersignatureHeader, CountersignaturePayload } from './countersign.js';
import { ReceiptError } from './errors.js';
import { importVerifyKey, verifyEs256 } from './es256-verify.js';
import { SHA256_BASE64URL } from './formats.js';
import { COUNTERSIGNATURE_TYP, MAX_COUNTERSIGNATURE_JWS_LENGTH } from './media-types.js';
import { MAX_RECEIPT_JWS_LENGTH } from './wire-protocol.js';
import { toPublicJwk } from './public-jwk.js';
import { jwkThumbprint } from './thumbprint.js';
import type { PublicJwk } from './types.js';

export interface VerifiedCountersignature {
  jws: string;
  header: CountersignatureHeader;
  payload: CountersignaturePayload;
  kid: string;
}

function invalid(why: string): never {
  throw new ReceiptError('RECEIPT_COUNTERSIGNATURE', why);
}

/** Structural equality of JSON values; member order does not matter, as in JSON itself. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

async function keyFor(kid: string, controllerJwks: readonly JsonWebKey[]): Promise<PublicJwk> {
  for (const candidate of controllerJwks) {
    let jwk: PublicJwk;
    try {
      // A JWKS may hold other kinds of key too; they simply never match.
      jwk = toPublicJwk(candidate, true);
    } catch {
      continue;
    }
    if ((await jwkThumbprint(jwk)) === kid) return jwk;
  }
  throw new ReceiptError('RECEIPT_KID', 'no controller key has the countersignature kid');
}

/**
 * Verifies a controller countersignature against the controller's published keys (matched by
 * thumbprint). With `shopperJws`, also checks that it countersigns exactly that receipt; the
 * shopper JWS itself is verified separately with `verifyReceipt`.
 */
export async function verifyCountersignature(
  jws: string,
  controllerJwks: readonly JsonWebKey[],
  shopperJws?: string,
): Promise<VerifiedCountersignature> {
  const parts = splitCompact(jws, MAX_COUNTERSIGNATURE_JWS_LENGTH);
  const header = decodeJsonObject(parts.header, 'header');
  if (header.alg !== 'ES256') throw new ReceiptError('RECEIPT_ALG', `header alg must be ES256, not ${JSON.stringify(header.alg)}`);
  if (header.typ !== COUNTERSIGNATURE_TYP) invalid(`header typ must be ${COUNTERSIGNATURE_TYP}`);
  if (Object.hasOwn(header, 'crit')) throw new ReceiptError('RECEIPT_MALFORMED', 'header crit is not supported');
  if (typeof header.kid !== 'string') throw new ReceiptError('RECEIPT_KID', 'header kid must be a string');
  const kid = header.kid;
  await verifyEs256(await importVerifyKey(await keyFor(kid, controllerJwks)), parts.signingInput, parts.signature, { lowS: false });

  const payload = decodeJsonObject(parts.payload, 'payload');
  if (payload.iss !== 'controller') invalid('iss must be "controller"');
  if (typeof payload.receiptHash !== 'string' || !SHA256_BASE64URL.test(payload.receiptHash)) invalid('receiptHash must be a chain hash');
  const ms = payload.serverTimeMs;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) invalid('serverTimeMs must be a non-negative integer');
  if (payload.serverTime !== Math.floor(ms / 1000)) invalid('serverTime must be serverTimeMs in whole seconds');
  checkPayload(payload.receipt);

  if (shopperJws !== undefined) {
    if (typeof shopperJws !== 'string' || (await chainHash(shopperJws)) !== payload.receiptHash) {
      invalid('receiptHash is not the chain hash of the shopper receipt');
    }
    const shopperPayload = decodeJsonObject(splitCompact(shopperJws, MAX_RECEIPT_JWS_LENGTH).payload, 'payload');
    if (!sameJson(shopperPayload, payload.receipt)) invalid('receipt differs from the shopper receipt payload');
  }
  return {
    jws,
    header: { alg: 'ES256', kid, typ: COUNTERSIGNATURE_TYP },
    payload: payload as unknown as CountersignaturePayload,
    kid,
  };
}
