import { decodeBase64Url } from './base64url.js';
import { ReceiptError } from './errors.js';
import { isRecord } from './formats.js';

export interface CompactParts {
  header: string;
  payload: string;
  signature: string;
  signingInput: string;
}

/** The three segments of a compact JWS, refusing oversized input before doing any work on it. */
export function splitCompact(jws: unknown, maxLength: number): CompactParts {
  if (typeof jws !== 'string') throw new ReceiptError('RECEIPT_MALFORMED', 'JWS must be a string');
  if (jws.length > maxLength) {
    throw new ReceiptError('RECEIPT_TOO_LARGE', `JWS is ${jws.length} characters, more than ${maxLength}`);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) throw new ReceiptError('RECEIPT_MALFORMED', `JWS must have 3 parts, not ${parts.length}`);
  const [header, payload, signature] = parts as [string, string, string];
  return { header, payload, signature, signingInput: `${header}.${payload}` };
}

/** A segment that must hold a JSON object: base64url → strict UTF-8 → JSON. */
export function decodeJsonObject(segment: string, what: 'header' | 'payload'): Record<string, unknown> {
  const bytes = decodeBase64Url(segment, what);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch (cause) {
    throw new ReceiptError('RECEIPT_MALFORMED', `${what} is not UTF-8 JSON`, { cause });
  }
  if (!isRecord(value)) throw new ReceiptError('RECEIPT_MALFORMED', `${what} must be a JSON object`);
  return value;
}
