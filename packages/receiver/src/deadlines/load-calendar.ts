import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kazakhDay } from './calendar-day.js';
import { CalendarError, workingCalendar, type WorkingCalendar } from './working-calendar.js';

/** The calendar this package ships (`calendar/kz-working-days.json`). */
export const SHIPPED_CALENDAR = fileURLToPath(new URL('../../calendar/kz-working-days.json', import.meta.url));

/** Reads a calendar file; a missing, unreadable or malformed file is a CalendarError naming the path. */
export function loadCalendar(path: string = SHIPPED_CALENDAR): WorkingCalendar {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CalendarError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CalendarError(`${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return workingCalendar(data);
  } catch (error) {
    if (error instanceof CalendarError) throw new CalendarError(`${path}: ${error.message}`);
    throw error;
  }
}

/** What to warn at start-up: a deadline counted into a year the calendar lacks is provisional. */
export function calendarWarning(calendar: WorkingCalendar, nowMs: number): string | null {
  const year = Number(kazakhDay(nowMs).slice(0, 4));
  // Ten working days (item 17) can reach into January: the next year matters from December.
  const needed = [year, year + 1];
  const missing = needed.filter((y) => !calendar.years.includes(y));
  if (missing.length === 0) return null;
  return `working-day calendar lists ${calendar.years.join(', ') || 'no year'}; due dates in ${missing.join(' and ')} are provisional (weekends and fixed-date holidays only, no lunar holidays or transfer decrees): update the file named by WORKING_DAYS_FILE`;
}
