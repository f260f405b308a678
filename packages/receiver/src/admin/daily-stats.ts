import { DECISION_EVENTS, type DecisionEvent } from '../state/decision-events.js';
import { BUCKET_SECONDS, DAY_SECONDS } from '../state/state-types.js';
import type { PurposeCatalogue } from '../server/purposes.js';
import type { Store } from '../store/store.js';

export type EventCounts = Record<DecisionEvent, number>;

export interface DayCounts extends EventCounts {
  /** YYYY-MM-DD in the requested time zone offset. */
  date: string;
}

export interface PurposeSeries {
  purpose: string;
  /** Every day of the period, oldest first, zeros included: a chart needs no gap filling. */
  days: DayCounts[];
  totals: EventCounts;
}

export interface DailyStats {
  from: string;
  to: string;
  tzOffsetMinutes: number;
  events: readonly DecisionEvent[];
  purposes: PurposeSeries[];
}

export interface DailyStatsQuery {
  /** Days since the epoch, in the offset's local time, inclusive. */
  fromDay: number;
  toDay: number;
  tzOffsetMinutes: number;
  /** Only this purpose; otherwise the configured ones plus any other decided in the period. */
  purpose?: string;
}

export const dayString = (day: number): string => new Date(day * DAY_SECONDS * 1000).toISOString().slice(0, 10);
const zero = (): EventCounts => ({ given: 0, refused: 0, updated: 0, withdrawn: 0 });

/**
 * Decisions per day, by purpose and by what each did for its shopper (see `principalDecisions`). A decision is
 * dated by the receipt's consentTimestamp, the moment the shopper decided, not when it arrived:
 * a receipt synced days late still counts on its own day.
 *
 * Read from the quarter-hour counts kept at ingest (`decision_counts`), not by grouping the
 * decisions themselves: a month costs at most 2,880 buckets per purpose and event however many
 * receipts there are, where a GROUP BY over an indexed day column would grow with the shop. A
 * quarter hour, because every time zone in use is a whole number of them from UTC, so the days
 * of any offset a marketer asks for are exact sums of buckets. The days of UTC+5 (Kazakhstan,
 * the console's default) are also kept whole, and read as 31 rows a month (`dailyCounts`).
 */
export async function dailyStats(store: Store, catalogue: PurposeCatalogue, query: DailyStatsQuery): Promise<DailyStats> {
  const candidates = query.purpose ? [query.purpose] : catalogue.known;
  const offset = query.tzOffsetMinutes * 60;
  const fromBucket = (query.fromDay * DAY_SECONDS - offset) / BUCKET_SECONDS;
  const toBucket = ((query.toDay + 1) * DAY_SECONDS - offset) / BUCKET_SECONDS;
  const counts = new Map<string, Map<number, EventCounts>>();
  for (const { purpose, day, event, n } of await store.dailyCounts(candidates, fromBucket, toBucket, offset)) {
    if (n === 0 || !(DECISION_EVENTS as readonly string[]).includes(event)) continue;
    const byDay = counts.get(purpose) ?? new Map<number, EventCounts>();
    counts.set(purpose, byDay);
    const cell = byDay.get(day) ?? zero();
    byDay.set(day, cell);
    cell[event as DecisionEvent] += n;
  }
  const shown = query.purpose
    ? [query.purpose]
    : catalogue.known.filter((p) => catalogue.defaultRequested.includes(p) || counts.has(p));
  const ordered = query.purpose ? shown : [...catalogue.defaultRequested.filter((p) => shown.includes(p)), ...shown.filter((p) => !catalogue.defaultRequested.includes(p))];
  return {
    from: dayString(query.fromDay),
    to: dayString(query.toDay),
    tzOffsetMinutes: query.tzOffsetMinutes,
    events: DECISION_EVENTS,
    purposes: ordered.map((purpose) => {
      const byDay = counts.get(purpose);
      const totals = zero();
      const days: DayCounts[] = [];
      for (let day = query.fromDay; day <= query.toDay; day++) {
        const cell = byDay?.get(day) ?? zero();
        for (const event of DECISION_EVENTS) totals[event] += cell[event];
        days.push({ date: dayString(day), ...cell });
      }
      return { purpose, days, totals };
    }),
  };
}
