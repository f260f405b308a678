import { signCompact } from './es256-sign.js';
import { RECEIPT_TYP } from './media-types.js';
import { MAX_RECEIPT_JWS_LENGTH } from './wire-protocol.js';
import { toPublicJwk } from './public-jwk.js';
import { jwkThumbprint } from './thumbprint.js';
import type { ConsentReceiptPayload, PublicJwk, ReceiptHeader } from './types.js';

/**
 * The shopper's signed receipt. The public key travels in the header, so any backend can
 * verify a receipt without having seen the device before; `kid` lets it group a device's chain.
 */
export async function signReceipt(payload: ConsentReceiptPayload, privateKey: CryptoKey, jwk: PublicJwk): Promise<string> {
  const publicMembers = toPublicJwk(jwk);
  const header: ReceiptHeader = { alg: 'ES256', typ: RECEIPT_TYP, kid: await jwkThumbprint(publicMembers), jwk: publicMembers };
  return signCompact(header, payload, privateKey, MAX_RECEIPT_JWS_LENGTH);
}
