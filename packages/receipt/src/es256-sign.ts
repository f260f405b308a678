import { encodeBase64Url } from './base64url.js';
import { toLowS } from './ecdsa-low-s.js';
import { ReceiptError } from './errors.js';

function segment(value: unknown): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

/** JWS compact serialization of a JSON payload, signed ES256 with a WebCrypto P-256 key. */
export async function signCompact(header: object, payload: unknown, privateKey: CryptoKey, maxLength: number): Promise<string> {
  const algorithm = privateKey.algorithm as Partial<EcKeyAlgorithm>;
  // Another curve would still sign, but with a signature length no ES256 verifier accepts.
  if (privateKey.type !== 'private' || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw new ReceiptError('RECEIPT_INPUT', 'privateKey must be an ECDSA P-256 private key');
  }
  const signingInput = `${segment(header)}.${segment(payload)}`;
  // WebCrypto's ECDSA signature is already raw r‖s (64 bytes), the form JWS uses; half of them
  // come out high-S, which verifiers refuse (see ecdsa-low-s.ts).
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(signingInput));
  const jws = `${signingInput}.${encodeBase64Url(toLowS(new Uint8Array(signature)))}`;
  // Refused here rather than by every verifier later, when the shopper is long gone.
  if (jws.length > maxLength) {
    throw new ReceiptError('RECEIPT_TOO_LARGE', `signed JWS is ${jws.length} characters, more than ${maxLength}`);
  }
  return jws;
}
