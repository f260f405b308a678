import { ReceiptError } from './errors.js';
import { toPublicJwk } from './public-jwk.js';
import type { PublicJwk } from './types.js';

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * A new ES256 key pair. The private key is non-extractable: script on the page (ours or an
 * injected one) can sign with it but never read it out. WebCrypto keeps the public key
 * exportable regardless, which is what goes into each receipt's header.
 */
export async function generateDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(P256, false, ['sign', 'verify']);
}

/** The public JWK of a P-256 public key: kty, crv, x, y and nothing else. */
export async function publicJwk(key: CryptoKey): Promise<PublicJwk> {
  // Insisting on the public half means an extractable private key never has `d` exported here.
  if (key.type !== 'public') throw new ReceiptError('RECEIPT_JWK', 'publicJwk needs the public key of the pair');
  return toPublicJwk(await crypto.subtle.exportKey('jwk', key));
}
