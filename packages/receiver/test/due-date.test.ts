import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, isWeekend, kazakhDay } from '../src/deadlines/calendar-day.js';
import { dueDate } from '../src/deadlines/due-date.js';
import { calendarWarning, loadCalendar, SHIPPED_CALENDAR } from '../src/deadlines/load-calendar.js';
import { CalendarError, workingCalendar } from '../src/deadlines/working-calendar.js';

const calendar = loadCalendar();
/** An instant given as Almaty wall-clock time. */
const almaty = (local: string) => Date.parse(`${local}+05:00`);

describe('due dates in Kazakh working days', () => {
  // [what, received (Almaty time), working days, due day, provisional]
  const cases: [string, string, number, string, boolean][] = [
    ['Monday, 3 days: the day of receipt is not counted', '2026-06-15T10:00', 3, '2026-06-18', false],
    ['Monday, 1 day: the next working day', '2026-06-15T10:00', 1, '2026-06-16', false],
    ['Thursday, 3 days: across a weekend', '2026-06-18T10:00', 3, '2026-06-23', false],
    ['Friday, 1 day: Monday', '2026-06-19T18:00', 1, '2026-06-22', false],
    ['Saturday (a day off), 1 day: counting starts the next day, Monday', '2026-06-20T12:00', 1, '2026-06-22', false],
    ['Friday before Nauryz 2026, 3 days: 21–25 March are off, then Thursday 26, Friday 27, Monday 30', '2026-03-20T09:00', 3, '2026-03-30', false],
    ['on Nauryz itself (a holiday), 1 day: the first working day after it', '2026-03-23T09:00', 1, '2026-03-26', false],
    ['Nauryz 2027 (21 March a Sunday: 22, 23, 24 off), 1 day from Friday 19', '2027-03-19T09:00', 1, '2027-03-25', false],
    ['New Year 2026 and 7 January, 3 days from 31 December 2025 (only the days counted must be in the table)', '2025-12-31T12:00', 3, '2026-01-08', false],
    ['New Year 2027 (2 January a Saturday: 4 January off), 1 day from 31 December 2026', '2026-12-31T12:00', 1, '2027-01-05', false],
    ['7 January 2027 (a Thursday) is off: 1 day from 6 January', '2027-01-06T12:00', 1, '2027-01-08', false],
    ['Kurban ait 2026 (Wednesday 27 May) is off: 1 day from 26 May', '2026-05-26T12:00', 1, '2026-05-28', false],
    ['at 23:59 Almaty time it is still that day (Monday)', '2026-06-15T23:59', 1, '2026-06-16', false],
    ['at 00:01 Almaty time it is the next day (Tuesday)', '2026-06-16T00:01', 1, '2026-06-17', false],
    ['Victory Day 2026 on a Saturday: Monday 11 May off', '2026-05-08T12:00', 1, '2026-05-12', false],
    ['10 working days (item 17) across Independence Day 2026', '2026-12-10T12:00', 10, '2026-12-25', false],
    ['past the table (2028): weekends and fixed holidays only, marked provisional', '2028-03-20T12:00', 3, '2028-03-28', true],
    ['7 January 2029 on a Sunday does not move: 1 day from Friday 5 January is Monday 8 (provisional, past the table)', '2029-01-05T12:00', 1, '2029-01-08', true],
    ['New Year 2028 on a weekend does move: 1 day from Friday 31 December 2027 is Wednesday 5 January', '2027-12-31T12:00', 1, '2028-01-05', true],
    // 29–31 Dec, then 1–2 Jan 2028 (a weekend) move to 3–4 Jan, 7 Jan a Friday: 5, 6, 10–14.
    ['the last table day counts a provisional day beyond: 10 days from 28 December 2027', '2027-12-28T12:00', 10, '2028-01-14', true],
  ];
  it.each(cases)('%s', (_what, received, days, due, provisional) => {
    const result = dueDate(almaty(received), days, calendar);
    expect(result.dueDay).toBe(due);
    expect(result.dueBy).toBe(`${due}T23:59:59.999+05:00`);
    expect(result.provisional).toBe(provisional);
    expect(result.receivedDay).toBe(received.slice(0, 10));
  });

  it('23:59 and 00:01 Almaty time are 18:59 and 19:01 UTC: two different days', () => {
    expect(kazakhDay(Date.parse('2026-06-15T18:59:00Z'))).toBe('2026-06-15');
    expect(kazakhDay(Date.parse('2026-06-15T19:01:00Z'))).toBe('2026-06-16');
  });

  it('refuses a period it cannot count', () => {
    for (const days of [0, -1, 1.5, 61]) expect(() => dueDate(Date.now(), days, calendar)).toThrow(RangeError);
  });
});

describe('the shipped calendar', () => {
  it('agrees with the rules (fixed holidays and the weekend move) for 2026 and 2027, apart from the days it says are lunar or decreed', () => {
    const file = JSON.parse(readFileSync(SHIPPED_CALENDAR, 'utf8'));
    for (const year of [2026, 2027]) {
      const listed = file.years[year].nonWorking.map((d: { date: string }) => d.date);
      const byRule = [...calendar.ruleDays(year)].filter((d) => !isWeekend(d));
      const extra = listed.filter((d: string) => !byRule.includes(d));
      expect(byRule.filter((d) => !listed.includes(d))).toEqual([]);
      // Only Kurban ait may be in the table and not in the rules (its date is lunar).
      for (const d of extra) expect(file.years[year].nonWorking.find((x: { date: string }) => x.date === d).why).toMatch(/Kurban/);
    }
    expect(calendar.isWorkingDay('2026-08-31')).toBe(true); // no Constitution Day in 2026
    expect(calendar.isWorkingDay('2026-03-15')).toBe(false); // a Sunday anyway
    expect(calendar.isWorkingDay('2027-03-15')).toBe(false); // Constitution Day from 2027
  });

  it('a year past the table: 7 January on a weekend does not move, New Year does', () => {
    // 2028: 1 January a Saturday, 2 a Sunday → Monday 3 and Tuesday 4 off; 7 January a Friday.
    expect([3, 4, 5, 6, 7].map((d) => calendar.isWorkingDay(`2028-01-0${d}`))).toEqual([false, false, true, true, false]);
    // 2029: 7 January is a Sunday and gives no Monday off.
    expect(calendar.isWorkingDay('2029-01-08')).toBe(true);
  });

  it('warns at start-up when this year or the next is past the table', () => {
    expect(calendarWarning(calendar, almaty('2026-06-01T12:00'))).toBeNull();
    expect(calendarWarning(calendar, almaty('2027-06-01T12:00'))).toMatch(/2028 are provisional/);
    expect(calendarWarning(calendar, almaty('2029-06-01T12:00'))).toMatch(/2029 and 2030 are provisional/);
  });
});

describe('a calendar file the operator edits', () => {
  const shipped = () => JSON.parse(readFileSync(SHIPPED_CALENDAR, 'utf8'));
  const write = (data: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'calendar-')), 'days.json');
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    return file;
  };

  it('a transfer decree (a Saturday worked, a Friday off) changes the due date without a release', () => {
    const data = shipped();
    data.years['2026'].nonWorking.push({ date: '2026-06-19', why: 'decree: for Saturday 20 June' });
    data.years['2026'].workingWeekends.push({ date: '2026-06-20', why: 'decree: worked for Friday 19 June' });
    const edited = loadCalendar(write(data));
    expect(dueDate(almaty('2026-06-18T12:00'), 1, edited).dueDay).toBe('2026-06-20');
    expect(dueDate(almaty('2026-06-18T12:00'), 1, calendar).dueDay).toBe('2026-06-19');
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['a Saturday listed as a day off', (d: any) => d.years['2026'].nonWorking.push({ date: '2026-06-20', why: 'x' }), /is a Saturday or Sunday/],
    ['a date of another year', (d: any) => d.years['2026'].nonWorking.push({ date: '2025-06-19', why: 'x' }), /not a date of 2026/],
    ['no reason given', (d: any) => d.years['2026'].nonWorking.push({ date: '2026-06-19', why: '' }), /say why/],
    ['no sources', (d: any) => (d.years['2026'].sources = []), /at least one source/],
    ['an impossible date', (d: any) => d.years['2026'].nonWorking.push({ date: '2026-02-30', why: 'x' }), /not a date of 2026/],
    ['another zone', (d: any) => (d.utcOffset = '+06:00'), /utcOffset/],
  ])('refuses %s, naming the file', (_what, change, message) => {
    let file: string;
    if (typeof change === 'string') file = write(change);
    else {
      const data = shipped();
      change(data);
      file = write(data);
    }
    const error = (() => {
      try {
        loadCalendar(file);
      } catch (e) {
        return e;
      }
    })() as CalendarError;
    expect(error).toBeInstanceOf(CalendarError);
    expect(error.code).toBe('CALENDAR_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(message);
  });

  it('a missing file is named', () => {
    expect(() => loadCalendar('/nonexistent/days.json')).toThrow(/cannot read \/nonexistent\/days.json/);
  });

  it('a calendar without a year answers from the rules alone', () => {
    const bare = workingCalendar({ ...shipped(), years: {} });
    expect(bare.isWorkingDay('2026-05-27')).toBe(true); // Kurban ait is lunar: unknown to the rules
    expect(bare.isWorkingDay('2026-03-24')).toBe(false);
    expect(dueDate(almaty('2026-06-15T10:00'), 1, bare).provisional).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
