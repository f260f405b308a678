/**
 * ECDSA signatures are malleable: when (r, s) verifies, so does (r, n − s), and anyone who sees a
 * receipt can compute that twin without the key. A twin is a different JWS (another chain hash)
 * of the same signed content, so a receiver that takes it first refuses the device's own receipt
 * as a clash and the device's next receipt links to nothing stored. Signing in low-S form
 * (s ≤ n/2, as Bitcoin's BIP 62/146 and Ethereum's EIP-2 require) and refusing the high-S form
 * leaves one valid encoding per signature, so the twin is rejected on arrival.
 */

/** The order n of the P-256 group (SEC 2, secp256r1). */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** s of a raw r‖s P-256 signature (64 bytes), big-endian. */
function sOf(signature: Uint8Array): bigint {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(signature[i]!);
  return s;
}

/** True when a raw r‖s P-256 signature has s in the upper half: the malleable twin form. */
export const isHighS = (signature: Uint8Array): boolean => sOf(signature) > N >> 1n;

/** Puts a raw r‖s P-256 signature in low-S form, in place (the signer's own fresh buffer). */
export function toLowS<T extends Uint8Array>(signature: T): T {
  let s = sOf(signature);
  if (s > N >> 1n) for (let i = 63, t = N - s; i > 31; i--, t >>= 8n) signature[i] = Number(t & 255n);
  return signature;
}
