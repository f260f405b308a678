import { addDays, isDay, isWeekend } from './calendar-day.js';

/** A working-day calendar file that cannot be used; the receiver refuses to start with it. */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  readonly code = 'CALENDAR_INVALID';
}

export interface FixedHoliday {
  /** `MM-DD`. */
  date: string;
  name: string;
  /** Whether a Saturday or Sunday occurrence gives the next working day off (Labour Code art. 84 p. 5). */
  moves: boolean;
  /** First and last year the holiday exists, if it has not always. */
  from?: number;
  until?: number;
}

export interface CalendarYear {
  /** `published`: the Government's calendar; `computed`: from the rules, awaiting publication. */
  status: 'published' | 'computed';
  /** Every Monday-to-Friday day off: holidays, weekend moves, lunar holidays, transfer decrees. */
  nonWorking: { date: string; why: string }[];
  /** Saturdays and Sundays a transfer decree made working days. */
  workingWeekends: { date: string; why: string }[];
  sources: string[];
}

export interface CalendarFile {
  country: 'KZ';
  utcOffset: '+05:00';
  fixedHolidays: FixedHoliday[];
  years: Record<string, CalendarYear>;
}

/** Answers "is this a working day?", from the table where it has the year, else from the rules. */
export interface WorkingCalendar {
  isWorkingDay(day: string): boolean;
  /** Whether the table lists `day`'s year; outside it, answers are provisional. */
  covers(day: string): boolean;
  /** The years the table lists, ascending. */
  readonly years: readonly number[];
  /** Non-working days of `year` by the rules alone (weekends aside), for years the table lacks. */
  ruleDays(year: number): ReadonlySet<string>;
}

const MAX_DAYS_PER_YEAR = 60;
const MAX_YEARS = 50;

function fail(message: string): never {
  throw new CalendarError(message);
}

function check(data: unknown): CalendarFile {
  if (typeof data !== 'object' || data === null) fail('the calendar must be a JSON object');
  const file = data as Partial<CalendarFile>;
  if (file.country !== 'KZ') fail('country must be "KZ"');
  if (file.utcOffset !== '+05:00') fail('utcOffset must be "+05:00" (Kazakhstan\'s single zone since 1 March 2024)');
  if (!Array.isArray(file.fixedHolidays) || file.fixedHolidays.length > 40) fail('fixedHolidays must be a list (at most 40)');
  for (const h of file.fixedHolidays) {
    if (!h || typeof h.date !== 'string' || !/^\d{2}-\d{2}$/.test(h.date) || !isDay(`2024-${h.date}`)) fail(`fixedHolidays: bad date ${JSON.stringify(h?.date)}; use MM-DD`);
    if (typeof h.name !== 'string' || typeof h.moves !== 'boolean') fail(`fixedHolidays ${h.date}: name (text) and moves (true or false) are required`);
    for (const bound of [h.from, h.until]) if (bound !== undefined && !Number.isInteger(bound)) fail(`fixedHolidays ${h.date}: from and until are years`);
  }
  if (typeof file.years !== 'object' || file.years === null || Object.keys(file.years).length > MAX_YEARS) fail(`years must be an object of at most ${MAX_YEARS} years`);
  for (const [year, entry] of Object.entries(file.years)) {
    if (!/^\d{4}$/.test(year)) fail(`years: ${JSON.stringify(year)} is not a year`);
    if (!entry || (entry.status !== 'published' && entry.status !== 'computed')) fail(`years.${year}.status must be "published" or "computed"`);
    if (!Array.isArray(entry.sources) || entry.sources.length === 0) fail(`years.${year}.sources must name at least one source`);
    for (const [list, weekend] of [
      ['nonWorking', false],
      ['workingWeekends', true],
    ] as const) {
      const days = entry[list];
      if (!Array.isArray(days) || days.length > MAX_DAYS_PER_YEAR) fail(`years.${year}.${list} must be a list (at most ${MAX_DAYS_PER_YEAR})`);
      for (const d of days) {
        if (!d || !isDay(d.date) || !d.date.startsWith(`${year}-`)) fail(`years.${year}.${list}: ${JSON.stringify(d?.date)} is not a date of ${year}`);
        if (typeof d.why !== 'string' || d.why.trim() === '') fail(`years.${year}.${list} ${d.date}: say why (why)`);
        // Listing a Saturday as a day off, or a Tuesday as a working weekend, is a typo worth stopping for.
        if (isWeekend(d.date) !== weekend) fail(`years.${year}.${list}: ${d.date} is ${weekend ? 'not a Saturday or Sunday' : 'a Saturday or Sunday'}`);
      }
    }
  }
  return file as CalendarFile;
}

/** The fixed-date holidays of `year` with the weekend move applied: the days off they give. */
function daysByRule(holidays: readonly FixedHoliday[], year: number): Set<string> {
  const today = holidays
    .filter((h) => (h.from === undefined || year >= h.from) && (h.until === undefined || year <= h.until))
    .map((h) => ({ day: `${year}-${h.date}`, moves: h.moves }))
    .sort((a, b) => a.day.localeCompare(b.day));
  const off = new Set(today.map((h) => h.day));
  for (const h of today) {
    if (!h.moves || !isWeekend(h.day)) continue;
    // To the next day that is neither a weekend nor already off: Nauryz on Sat–Mon gives Tue and Wed.
    let next = addDays(h.day, 1);
    while (isWeekend(next) || off.has(next)) next = addDays(next, 1);
    off.add(next);
  }
  return off;
}

/** Builds a calendar from a parsed file; throws CalendarError naming what is wrong. */
export function workingCalendar(data: unknown): WorkingCalendar {
  const file = check(data);
  const listed = new Map<number, { off: Set<string>; on: Set<string> }>();
  for (const [year, entry] of Object.entries(file.years)) {
    listed.set(Number(year), { off: new Set(entry.nonWorking.map((d) => d.date)), on: new Set(entry.workingWeekends.map((d) => d.date)) });
  }
  const byRule = new Map<number, Set<string>>();
  const ruleDays = (year: number) => {
    let days = byRule.get(year);
    if (!days) byRule.set(year, (days = daysByRule(file.fixedHolidays, year)));
    return days;
  };
  return {
    years: [...listed.keys()].sort((a, b) => a - b),
    covers: (day) => listed.has(Number(day.slice(0, 4))),
    ruleDays,
    isWorkingDay(day) {
      const year = Number(day.slice(0, 4));
      const table = listed.get(year);
      if (table) return isWeekend(day) ? table.on.has(day) : !table.off.has(day);
      return !isWeekend(day) && !ruleDays(year).has(day);
    },
  };
}
