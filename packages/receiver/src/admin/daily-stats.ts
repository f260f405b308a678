import { principalHistories } from '../state/consent-state.js';
import { DECISION_EVENTS, principalDecisions, type DecisionEvent } from '../state/decision-events.js';
import { historiesDecidingOn } from '../state/purpose-histories.js';
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

const DAY_SECONDS = 86_400;
export const dayString = (day: number): string => new Date(day * DAY_SECONDS * 1000).toISOString().slice(0, 10);
const zero = (): EventCounts => ({ given: 0, refused: 0, updated: 0, withdrawn: 0 });

/**
 * Decisions per day, by purpose and by what each did for its shopper (see `principalDecisions`). A decision is
 * dated by the receipt's consentTimestamp, the moment the shopper decided, not when it arrived:
 * a receipt synced days late still counts on its own day.
 */
export async function dailyStats(store: Store, catalogue: PurposeCatalogue, query: DailyStatsQuery): Promise<DailyStats> {
  const candidates = query.purpose ? [query.purpose] : catalogue.known;
  const counts = new Map<string, Map<number, EventCounts>>();
  for (const shopper of principalHistories(await historiesDecidingOn(store, candidates))) {
    for (const decision of principalDecisions(shopper.histories)) {
      if (!candidates.includes(decision.purpose)) continue;
      const day = Math.floor((decision.entry.consentTimestamp + query.tzOffsetMinutes * 60) / DAY_SECONDS);
      if (day < query.fromDay || day > query.toDay) continue;
      const byDay = counts.get(decision.purpose) ?? new Map<number, EventCounts>();
      counts.set(decision.purpose, byDay);
      const cell = byDay.get(day) ?? zero();
      byDay.set(day, cell);
      cell[decision.event] += 1;
    }
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
