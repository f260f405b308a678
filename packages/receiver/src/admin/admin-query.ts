import { HttpError } from '../http/http-error.js';

// Bounds for the console's query parameters: dates, a time zone offset, a period. Every value is
// checked for shape and range before it reaches any computation.

/** Kazakhstan has kept one time zone, UTC+5, since 1 March 2024. */
export const DEFAULT_TZ_OFFSET_MINUTES = 300;
/** A year and a day: a leap year fits, and a period never makes an unbounded answer. */
export const MAX_PERIOD_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

const invalid = (message: string) => new HttpError(400, 'INVALID_REQUEST', message);

/**
 * Minutes east of UTC, from -720 to +840, in quarter hours: every offset in use is one (Nepal
 * +345, Chatham +765), and the daily counts are kept per quarter hour.
 */
export function queryTzOffset(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_TZ_OFFSET_MINUTES;
  if (!/^[+-]?\d{1,4}$/.test(value) || Number(value) < -720 || Number(value) > 840 || Number(value) % 15 !== 0) {
    throw invalid('tzOffset must be minutes east of UTC, a multiple of 15 from -720 to 840');
  }
  return Number(value);
}

/** A calendar date `YYYY-MM-DD` as days since the epoch; refuses dates that do not exist (2026-02-30). */
export function parseDay(value: string, name: string): number {
  const match = DATE.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw invalid(`${name} must be a date YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

/** Today, as days since the epoch, at the offset. */
export const today = (nowMs: number, tzOffsetMinutes: number): number => Math.floor((nowMs + tzOffsetMinutes * 60_000) / DAY_MS);

/** `from` and `to` (inclusive, default: the 30 days up to today), at most `MAX_PERIOD_DAYS` long. */
export function queryPeriod(from: string | undefined, to: string | undefined, nowMs: number, tzOffsetMinutes: number): { fromDay: number; toDay: number } {
  const toDay = to ? parseDay(to, 'to') : today(nowMs, tzOffsetMinutes);
  const fromDay = from ? parseDay(from, 'from') : toDay - 29;
  if (fromDay > toDay) throw invalid('from must not be after to');
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) throw invalid(`the period must be at most ${MAX_PERIOD_DAYS} days`);
  return { fromDay, toDay };
}

/**
 * `since` as seconds since the epoch: a date (its midnight at the offset, as a marketer in
 * Almaty means it) or an ISO 8601 date-time with its own offset.
 */
export function querySince(value: string | undefined, tzOffsetMinutes: number): number {
  if (value === undefined || value === '') throw invalid('since is required (YYYY-MM-DD or an ISO 8601 date-time)');
  if (value.length > 40) throw invalid('since must be at most 40 characters');
  if (DATE.test(value)) return parseDay(value, 'since') * 86_400 - tzOffsetMinutes * 60;
  const ms = DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid('since must be YYYY-MM-DD or an ISO 8601 date-time with an offset');
  return Math.floor(ms / 1000);
}
