import { ReceiptError } from './errors.js';

const NON_ALPHABET = /[^A-Za-z0-9_-]/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url (RFC 4648 §5), as JOSE wants it. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so a 64 KiB payload never hits the argument-count limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict decoding: only the canonical encoding of some bytes is accepted. `atob` alone would
 * ignore non-zero trailing bits, so two different strings (one changed character in the
 * signature's last position) would decode to the same signature and both verify.
 */
export function decodeBase64Url(text: string, what = 'value'): Uint8Array<ArrayBuffer> {
  if (NON_ALPHABET.test(text) || text.length % 4 === 1) {
    throw new ReceiptError('RECEIPT_MALFORMED', `${what} is not base64url`);
  }
  // Canonical when the bits the last character carries beyond the last byte are zero: 4 of them
  // when the length is 2 (mod 4), 2 when it is 3. Checked on that character alone rather than by
  // encoding everything again (a receipt's payload is kilobytes, and every receipt is decoded).
  const rest = text.length % 4;
  if (rest !== 0 && (ALPHABET.indexOf(text[text.length - 1]!) & (rest === 2 ? 0x0f : 0x03)) !== 0) {
    throw new ReceiptError('RECEIPT_MALFORMED', `${what} is not canonical base64url`);
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
