import { chainHash } from './chain-hash.js';
import { decodeJsonObject, splitCompact } from './compact-jws.js';
import { ReceiptError } from './errors.js';
import { importVerifyKey, verifyEs256 } from './es256-verify.js';
import { signCompact } from './es256-sign.js';
import { SHA256_BASE64URL, UUID } from './formats.js';
import { toPublicJwk } from './public-jwk.js';
import { MAX_RIGHTS_ACK_JWS_LENGTH, RIGHTS_ACK_TYP, RIGHTS_KINDS, type RightsAckPayload } from './rights-request.js';
import { jwkThumbprint } from './thumbprint.js';
import type { PublicJwk } from './types.js';

/** The controller signs what it received and when it is due; the shopper keeps it as proof. */
export async function signRightsAck(payload: Omit<RightsAckPayload, 'iss'>, controllerPrivateKey: CryptoKey, controllerJwk: JsonWebKey): Promise<string> {
  const header = { alg: 'ES256', kid: await jwkThumbprint(controllerJwk), typ: RIGHTS_ACK_TYP };
  return signCompact(header, { iss: 'controller', ...payload }, controllerPrivateKey, MAX_RIGHTS_ACK_JWS_LENGTH);
}

function invalid(why: string): never {
  throw new ReceiptError('RECEIPT_COUNTERSIGNATURE', why);
}

/**
 * Verifies an acknowledgement against the controller's published keys; with `requestJws`, also
 * that it acknowledges exactly that request.
 */
export async function verifyRightsAck(jws: string, controllerJwks: readonly JsonWebKey[], requestJws?: string): Promise<RightsAckPayload> {
  const parts = splitCompact(jws, MAX_RIGHTS_ACK_JWS_LENGTH);
  const header = decodeJsonObject(parts.header, 'header');
  if (header.alg !== 'ES256') throw new ReceiptError('RECEIPT_ALG', `header alg must be ES256, not ${JSON.stringify(header.alg)}`);
  if (header.typ !== RIGHTS_ACK_TYP) invalid(`header typ must be ${RIGHTS_ACK_TYP}`);
  if (Object.hasOwn(header, 'crit')) throw new ReceiptError('RECEIPT_MALFORMED', 'header crit is not supported');
  let key: PublicJwk | undefined;
  for (const candidate of controllerJwks) {
    try {
      const jwk = toPublicJwk(candidate, true);
      if ((await jwkThumbprint(jwk)) === header.kid) key = jwk;
    } catch {
      // another kind of key: never a match
    }
  }
  if (!key) throw new ReceiptError('RECEIPT_KID', 'no controller key has the acknowledgement kid');
  await verifyEs256(await importVerifyKey(key), parts.signingInput, parts.signature, { lowS: false });
  const p = decodeJsonObject(parts.payload, 'payload');
  if (p.iss !== 'controller') invalid('iss must be "controller"');
  if (typeof p.requestId !== 'string' || !UUID.test(p.requestId)) invalid('requestId must be a UUID');
  if (typeof p.requestHash !== 'string' || !SHA256_BASE64URL.test(p.requestHash)) invalid('requestHash must be a chain hash');
  if (typeof p.kind !== 'string' || !Object.hasOwn(RIGHTS_KINDS, p.kind)) invalid('kind is not a request kind');
  for (const day of [p.receivedDay, p.dueDay]) if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) invalid('receivedDay and dueDay must be YYYY-MM-DD');
  if (typeof p.receivedAtMs !== 'number' || !Number.isSafeInteger(p.receivedAtMs)) invalid('receivedAtMs must be an integer');
  if (typeof p.provisional !== 'boolean') invalid('provisional must be a boolean');
  if (requestJws !== undefined && (await chainHash(requestJws)) !== p.requestHash) invalid('requestHash is not the chain hash of the request');
  return p as unknown as RightsAckPayload;
}
