import { deviceHistories, principalOf, type DeviceHistory } from './consent-state.js';
import { principalDecisions } from './decision-events.js';
import { subjectOfKey } from './principal-key.js';
import { BUCKET_SECONDS, keptDayOf, type CountRow, type DayCountRow, type DerivedState, type StateRow, type TermRow, type WithdrawnDayRow } from './state-types.js';
import type { DecisionRow } from '../store/store.js';

/** Search terms are ids; a longer one is cut, so a hostile customer id cannot bloat the index. */
const MAX_TERM_LENGTH = 200;

/** Groups the device histories of `rows` by the principal each kid belongs to in `membership`. */
export function groupByPrincipal(rows: readonly DecisionRow[], membership: ReadonlyMap<string, string>): Map<string, DeviceHistory[]> {
  const groups = new Map<string, DeviceHistory[]>();
  for (const history of deviceHistories(rows.filter((r) => membership.has(r.kid)))) {
    const key = membership.get(history.kids[0]!)!;
    const group = groups.get(key);
    if (group) group.push(history);
    else groups.set(key, [history]);
  }
  return groups;
}

export const countKey = (purpose: string, bucket: number, event: string): string => `${purpose}\t${bucket}\t${event}`;

export function countRowsOf(counts: ReadonlyMap<string, number>): CountRow[] {
  return [...counts].map(([key, n]) => {
    const [purpose, bucket, event] = key.split('\t') as [string, string, CountRow['event']];
    return { purpose, bucket: Number(bucket), event, n };
  });
}

/**
 * The state of each principal from its devices' histories: for each purpose its last decision
 * (the proof) and, while off, its last withdrawal; each decision counted in its quarter hour.
 * The same rules as the admin lists always had (`principalDecisions`). Devices are taken in kid
 * order, so that ties between devices' timestamps fall the same way at ingest, in a rebuild and
 * in `verify-state`.
 */
export function deriveState(groups: ReadonlyMap<string, readonly DeviceHistory[]>): DerivedState {
  const rows: StateRow[] = [];
  const terms: TermRow[] = [];
  const counts = new Map<string, number>();
  for (const [principalKey, unordered] of groups) {
    const histories = [...unordered].sort((a, b) => (a.kids[0]! < b.kids[0]! ? -1 : 1));
    const subjectId = subjectOfKey(principalKey);
    const piiOf = new Map(histories.map((h) => [h.kids[0]!, principalOf(h).piiPrincipalId]));
    const decisions = principalDecisions(histories);
    const own = new Set<string>();
    const add = (term: string | null) => {
      if (term) own.add(term.slice(0, MAX_TERM_LENGTH).toLowerCase());
    };
    add(subjectId);
    for (const [kid, pii] of piiOf) {
      add(kid);
      add(pii);
    }
    const byPurpose = new Map<string, typeof decisions>();
    for (const d of decisions) {
      const key = countKey(d.purpose, Math.floor(d.entry.consentTimestamp / BUCKET_SECONDS), d.event);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const list = byPurpose.get(d.purpose);
      if (list) list.push(d);
      else byPurpose.set(d.purpose, [d]);
    }
    for (const [purpose, list] of byPurpose) {
      const last = list.at(-1)!;
      const withdrawn = last.granted ? undefined : list.findLast((d) => d.event === 'withdrawn');
      rows.push({
        principalKey,
        purpose,
        granted: last.granted,
        subjectId,
        piiPrincipalId: piiOf.get(last.entry.kid)!,
        kid: last.entry.kid,
        receiptId: last.entry.id,
        decidedAt: last.entry.consentTimestamp,
        receivedAtMs: last.entry.receivedAtMs,
        withdrawal: withdrawn
          ? {
              piiPrincipalId: piiOf.get(withdrawn.entry.kid)!,
              kid: withdrawn.entry.kid,
              receiptId: withdrawn.entry.id,
              at: withdrawn.entry.consentTimestamp,
              receivedAtMs: withdrawn.entry.receivedAtMs,
            }
          : null,
      });
      add(last.entry.id);
      if (withdrawn) add(withdrawn.entry.id);
    }
    for (const term of own) terms.push({ term, principalKey });
  }
  return { rows, terms, counts };
}

/** `after − before` per key, zeros left out, in key order (so concurrent writers lock counters in one order). */
export function countDeltas(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): CountRow[] {
  return countRowsOf(new Map(tallyDeltas(before, after)));
}

/** The quarter-hour counts (or their differences) summed per day at UTC+5, each key once, in key order. */
export function dayCounts(counts: readonly CountRow[]): DayCountRow[] {
  const days = new Map<string, DayCountRow>();
  for (const c of counts) {
    const day = keptDayOf(c.bucket * BUCKET_SECONDS);
    const key = `${c.purpose}\t${day}\t${c.event}`;
    const row = days.get(key);
    if (row) row.n += c.n;
    else days.set(key, { purpose: c.purpose, day, event: c.event, n: c.n });
  }
  return [...days].filter(([, r]) => r.n !== 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}

/** What the whole state sums to: counts per quarter hour and event, holders per purpose, standing withdrawals per day. */
export interface StateTotals {
  counts: Map<string, number>;
  holders: Map<string, number>;
  withdrawn: Map<string, number>;
}

export const emptyTotals = (): StateTotals => ({ counts: new Map(), holders: new Map(), withdrawn: new Map() });

const addAll = (to: Map<string, number>, from: ReadonlyMap<string, number>) => {
  for (const [key, n] of from) to.set(key, (to.get(key) ?? 0) + n);
};

/** Adds one derivation's counts, holders and withdrawals to running totals (a rebuild or a check goes a chunk at a time). */
export function addTotals(totals: StateTotals, state: DerivedState): void {
  addAll(totals.counts, state.counts);
  addAll(totals.holders, holderCounts(state.rows));
  addAll(totals.withdrawn, withdrawnDays(state.rows));
}

/** Holders per purpose: principals whose row is granted. */
export function holderCounts(rows: readonly StateRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.granted) counts.set(row.purpose, (counts.get(row.purpose) ?? 0) + 1);
  return counts;
}

export const withdrawnKey = (purpose: string, day: number): string => `${purpose}\t${day}`;

/** Standing withdrawals per purpose and day (UTC+5) of the withdrawal: rows off, with a withdrawal; what the withdrawals list shows. */
export function withdrawnDays(rows: readonly StateRow[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const row of rows) {
    if (row.granted || !row.withdrawal) continue;
    const key = withdrawnKey(row.purpose, keptDayOf(row.withdrawal.at));
    days.set(key, (days.get(key) ?? 0) + 1);
  }
  return days;
}

/** `after − before` of keyed tallies, zeros left out, in key order. */
export function tallyDeltas(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): [string, number][] {
  const delta = new Map(after);
  for (const [key, n] of before) delta.set(key, (delta.get(key) ?? 0) - n);
  return [...delta].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

export const withdrawnRowsOf = (deltas: readonly (readonly [string, number])[]): WithdrawnDayRow[] =>
  deltas.map(([key, n]) => {
    const [purpose, day] = key.split('\t') as [string, string];
    return { purpose, day: Number(day), n };
  });
