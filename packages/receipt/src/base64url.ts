import { ReceiptError } from './errors.js';

const NON_ALPHABET = /[^A-Za-z0-9_-]/;

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
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (encodeBase64Url(bytes) !== text) {
    throw new ReceiptError('RECEIPT_MALFORMED', `${what} is not canonical base64url`);
  }
  return bytes;
}
