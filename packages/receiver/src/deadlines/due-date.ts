import { addDays, endOfDay, kazakhDay } from './calendar-day.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface DueDate {
  /** The day the request was received, in Kazakhstan's time. */
  receivedDay: string;
  /** The last day to act, in Kazakhstan's time. */
  dueDay: string;
  /** The last instant of that day, `…T23:59:59.999+05:00`. */
  dueBy: string;
  /** True when a day counted lies in a year the calendar does not list (weekends and fixed holidays only). */
  provisional: boolean;
}

/** The most working days any deadline counts (policy item 17: ten); bounds the loop. */
const MAX_WORKING_DAYS = 60;

/**
 * The due date of something received at `receivedAtMs` that must be done within `workingDays`
 * working days. The period starts the day after receipt (the day of receipt is not counted,
 * whatever its hour or kind), and ends at the close of its last working day.
 */
export function dueDate(receivedAtMs: number, workingDays: number, calendar: WorkingCalendar): DueDate {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_WORKING_DAYS) {
    throw new RangeError(`workingDays must be an integer from 1 to ${MAX_WORKING_DAYS}`);
  }
  const receivedDay = kazakhDay(receivedAtMs);
  let day = receivedDay;
  let provisional = false;
  for (let counted = 0; counted < workingDays; ) {
    day = addDays(day, 1);
    if (!calendar.covers(day)) provisional = true;
    if (calendar.isWorkingDay(day)) counted++;
  }
  return { receivedDay, dueDay: day, dueBy: endOfDay(day), provisional };
}
