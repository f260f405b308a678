/**
 * Calendar days as `YYYY-MM-DD` strings, counted in Kazakhstan's time. Kazakhstan has kept one
 * zone, UTC+5, since 1 March 2024; the offset is fixed here rather than read from the runtime's
 * time-zone database, whose `Asia/Almaty` says UTC+6 on any tzdata older than 2024a.
 */
export const KZ_OFFSET_MS = 5 * 3600_000;
const DAY_MS = 86_400_000;

/** The Kazakh calendar day an instant falls on: 23:59 UTC+5 is still that day, 00:01 the next. */
export function kazakhDay(ms: number): string {
  return new Date(ms + KZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const d = weekday(day);
  return d === 0 || d === 6;
}

/** The last instant of `day` in Kazakhstan (23:59:59.999 UTC+5), as an ISO string with its offset. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59.999+05:00`;
}

/** A real calendar date, `YYYY-MM-DD`. */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
