import { encodeBase64Url } from './base64url.js';
import { ReceiptError } from './errors.js';
import { MAX_REPLY_TO_LENGTH } from './rights-request.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** E.164 once spaces, dashes, dots and brackets are taken out; a Kazakh 8 7xx … becomes +7 7xx …. */
const PHONE = /^\+[1-9]\d{7,14}$/;

/**
 * A rights request's reply address as the operator will use it: an e-mail address as typed, or a
 * phone number in E.164. One rule for the SDK (before anything is signed) and the receiver (which
 * keeps it), so an address the shopper was allowed to send is never refused on arrival.
 * Throws `RECEIPT_INPUT` naming what is wrong.
 */
export function normaliseReplyTo(value: string): string {
  const text = value.trim();
  if (text.length > MAX_REPLY_TO_LENGTH) throw new ReceiptError('RECEIPT_INPUT', `replyTo must be at most ${MAX_REPLY_TO_LENGTH} characters`);
  if (text.includes('@')) {
    if (!EMAIL.test(text)) throw new ReceiptError('RECEIPT_INPUT', 'replyTo is neither an e-mail address nor a phone number');
    return text;
  }
  let phone = text.replace(/[\s().-]/g, '');
  if (/^8\d{10}$/.test(phone)) phone = `+7${phone.slice(1)}`;
  if (!PHONE.test(phone)) throw new ReceiptError('RECEIPT_INPUT', 'replyTo is neither an e-mail address nor a phone number (+7 7xx xxx xx xx)');
  return phone;
}

/**
 * The `detailsSha256` a rights request signs: SHA-256 of the free text's UTF-8 bytes, base64url.
 * One function for the SDK that signs it and the receiver that checks the text sent beside it.
 */
export async function detailsSha256(details: string): Promise<string> {
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(details))));
}
