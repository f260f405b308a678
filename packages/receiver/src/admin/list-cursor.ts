import { HttpError } from '../http/http-error.js';
import type { ListCursor } from '../store/state-sql.js';

/**
 * Keyset pagination: a list continues after its last item's (time, receipt id), so page 1000
 * costs what page 1 does, and rows that arrive meanwhile neither repeat nor skip an item. The
 * cursor is opaque to clients: base64url of `[time, receiptId]`.
 */
export const encodeCursor = (cursor: ListCursor): string => Buffer.from(JSON.stringify([cursor.at, cursor.receiptId])).toString('base64url');

const invalid = () => new HttpError(400, 'INVALID_CURSOR', 'cursor is not one this receiver gave (pass nextCursor as it came)');

export function parseCursor(value: string | undefined): ListCursor | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > 400 || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, receiptId] = parsed as unknown[];
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || typeof receiptId !== 'string' || receiptId.length === 0 || receiptId.length > 200 || /[\u0000-\u001f\u007f]/.test(receiptId)) throw invalid();
  return { at, receiptId };
}
