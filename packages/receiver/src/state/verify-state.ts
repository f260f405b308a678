import { addTotals, countKey, countRowsOf, dayCounts, emptyTotals, withdrawnKey } from './derive-state.js';
import { deriveFromLog } from './derive-from-log.js';
import type { StateRow, TermRow } from './state-types.js';
import type { Store } from '../store/store.js';

/** One way the kept state differs from what the receipts say. */
export interface StateDifference {
  code: 'STATE_ROW' | 'STATE_ROW_MISSING' | 'STATE_ROW_EXTRA' | 'STATE_TERMS' | 'STATE_DEVICE' | 'STATE_COUNT' | 'STATE_DAY' | 'STATE_HOLDERS' | 'STATE_WITHDRAWN' | 'STATE_EXTRA';
  message: string;
}

export interface StateReport {
  principals: number;
  devices: number;
  differences: StateDifference[];
  /** True when more differences were found than `differences` lists. */
  truncated: boolean;
}

const MAX_LISTED = 100;
const rowKey = (r: StateRow) => `${r.principalKey}\n${r.purpose}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const termSet = (terms: readonly TermRow[]) => terms.map((t) => `${t.principalKey}\n${t.term}`).sort();

/**
 * Recomputes the state from the receipts alone (`deriveFromLog`) and compares it, row by row,
 * with what ingest kept: every principal's rows and search terms, every device's principal, the
 * quarter-hour counts and their days, the holder and withdrawal counters, and nothing kept beyond those. The log is the truth;
 * a difference is a bug to report, not something this fixes.
 */
export async function verifyState(store: Store): Promise<StateReport> {
  const differences: StateDifference[] = [];
  let found = 0;
  const differ = (code: StateDifference['code'], message: string) => {
    found++;
    if (differences.length < MAX_LISTED) differences.push({ code, message });
  };
  const totals = emptyTotals();
  const { counts, holders, withdrawn } = totals;
  let principals = 0;
  let devices = 0;
  let rows = 0;
  let terms = 0;
  for await (const chunk of deriveFromLog(store.log)) {
    const keys = [...new Set(chunk.state.rows.map((r) => r.principalKey))];
    principals += keys.length;
    devices += chunk.devices.length;
    rows += chunk.state.rows.length;
    terms += chunk.state.terms.length;
    const kept = await store.kept.of(keys);
    const keptRows = new Map(kept.rows.map((r) => [rowKey(r), r]));
    for (const row of chunk.state.rows) {
      const k = keptRows.get(rowKey(row));
      if (!k) differ('STATE_ROW_MISSING', `${row.principalKey} ${row.purpose}: no row kept`);
      else if (!same(k, row)) differ('STATE_ROW', `${row.principalKey} ${row.purpose}: kept ${JSON.stringify(k)}, the receipts say ${JSON.stringify(row)}`);
      keptRows.delete(rowKey(row));
    }
    for (const extra of keptRows.values()) differ('STATE_ROW_EXTRA', `${extra.principalKey} ${extra.purpose}: kept, but the receipts decide nothing about it`);
    if (!same(termSet(kept.terms), termSet(chunk.state.terms))) differ('STATE_TERMS', `search terms of ${keys.length} principals from ${keys[0]} differ`);
    const keptDevices = new Map((await store.kept.devicesOf(chunk.devices.map((d) => d.kid))).map((d) => [d.kid, d.principalKey]));
    for (const d of chunk.devices) {
      if (keptDevices.get(d.kid) !== d.principalKey) differ('STATE_DEVICE', `device ${d.kid}: kept as ${keptDevices.get(d.kid) ?? 'nothing'}, the receipts say ${d.principalKey}`);
    }
    addTotals(totals, chunk.state);
  }
  const compare = (code: StateDifference['code'], what: string, kept: ReadonlyMap<string, number>, derived: ReadonlyMap<string, number>) => {
    for (const key of new Set([...derived.keys(), ...kept.keys()])) {
      if ((derived.get(key) ?? 0) !== (kept.get(key) ?? 0)) {
        differ(code, `${key.replace(/\t/g, ' ')}: ${kept.get(key) ?? 0} ${what} kept, the receipts say ${derived.get(key) ?? 0}`);
      }
    }
  };
  compare('STATE_COUNT', 'decisions', new Map((await store.kept.counts()).map((c) => [countKey(c.purpose, c.bucket, c.event), c.n])), counts);
  const dayKey = (d: { purpose: string; day: number; event: string }) => `${d.purpose}\t${d.day}\t${d.event}`;
  compare(
    'STATE_DAY',
    'decisions that day',
    new Map((await store.kept.days()).map((d) => [dayKey(d), d.n])),
    new Map(dayCounts(countRowsOf(counts)).map((d) => [dayKey(d), d.n])),
  );
  compare('STATE_HOLDERS', 'holders', await store.kept.holders(), holders);
  compare('STATE_WITHDRAWN', 'standing withdrawals', new Map((await store.kept.withdrawn()).map((w) => [withdrawnKey(w.purpose, w.day), w.n])), withdrawn);
  const kept = await store.kept.totals();
  if (kept.rows !== rows || kept.terms !== terms || kept.devices !== devices) {
    differ('STATE_EXTRA', `kept ${kept.rows} rows, ${kept.terms} terms, ${kept.devices} devices; the receipts make ${rows}, ${terms}, ${devices}`);
  }
  return { principals, devices, differences, truncated: found > differences.length };
}
