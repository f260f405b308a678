import { HttpError } from './http-error.js';

// Bounds for every client-supplied value: nothing unbounded reaches the store or a log.

/** A receipt's, a request's or a challenge's id: a UUID (the SDK makes them with randomUUID). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Control characters a typed text may not hold (tab, line feed and carriage return it may). */
export const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function requireObject(value: unknown, what = 'the body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'INVALID_REQUEST', `${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function requireString(body: Record<string, unknown>, name: string, maxLength: number, pattern?: RegExp): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) throw new HttpError(400, 'INVALID_REQUEST', `${name} must be a non-empty string`);
  if (value.length > maxLength) throw new HttpError(400, 'INVALID_REQUEST', `${name} must be at most ${maxLength} characters`);
  if (pattern && !pattern.test(value)) throw new HttpError(400, 'INVALID_REQUEST', `${name} is not in the expected format`);
  return value;
}

export function requireBoolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (typeof value !== 'boolean') throw new HttpError(400, 'INVALID_REQUEST', `${name} must be a boolean`);
  return value;
}

/** An optional non-negative integer query parameter within [0, max]. */
export function queryInteger(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) > max) {
    throw new HttpError(400, 'INVALID_REQUEST', `${name} must be an integer from 0 to ${max}`);
  }
  return Number(value);
}
