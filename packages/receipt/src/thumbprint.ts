import { encodeBase64Url } from './base64url.js';
import { toPublicJwk } from './public-jwk.js';

/**
 * RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, no
 * whitespace. Any other member (including `d`) is ignored, as the RFC says, so a key's
 * private and public JWKs have the same thumbprint.
 */
export async function jwkThumbprint(jwk: JsonWebKey | Record<string, unknown>): Promise<string> {
  const { crv, kty, x, y } = toPublicJwk(jwk, true);
  const canonical = `{"crv":"${crv}","kty":"${kty}","x":"${x}","y":"${y}"}`;
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))));
}
