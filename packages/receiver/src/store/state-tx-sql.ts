import { decisionRowColumns, decisionRowFromRow } from './sqlite-store.js';
import { deviceRowFrom, inChunks, placeholders, STATE_COLUMNS, stateValues } from './state-sql.js';
import { dayCounts } from '../state/derive-state.js';
import type { StateTx } from '../state/state-tx.js';
import type { StateWrite } from '../state/state-types.js';

type Row = Record<string, unknown>;
/** Runs one statement (with `?` placeholders): synchronously on SQLite, asynchronously on PostgreSQL. */
export type Exec = (sql: string, params: readonly unknown[]) => Row[] | Promise<Row[]>;

const settle = (results: unknown[]): unknown => (results.some((r) => r instanceof Promise) ? Promise.all(results) : undefined);

/** One SELECT … IN (…) per chunk of `values`, the rows of all of them, mapped; synchronous when `exec` is. */
function selectIn<T>(exec: Exec, values: readonly string[], sql: (marks: string) => string, map: (row: Row) => T): T[] | Promise<T[]> {
  const parts = inChunks(values).map((part) => exec(sql(placeholders(part.length)), part));
  const join = (rows: Row[][]) => rows.flat().map(map);
  return parts.some((p) => p instanceof Promise) ? Promise.all(parts).then(join) : join(parts as Row[][]);
}

/** One statement per chunk of `values`, for writes. */
const runIn = (exec: Exec, values: readonly string[], sql: (marks: string) => string): unknown =>
  settle(inChunks(values).map((part) => exec(sql(placeholders(part.length)), part)));

/** Rows per multi-row INSERT: 14 columns × 200 stays far below both databases' parameter limits. */
const ROWS_PER_INSERT = 200;

function insertMany(exec: Exec, head: string, width: number, rows: readonly unknown[][], tail: string): unknown {
  const results: unknown[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    const tuple = `(${placeholders(width)})`;
    results.push(exec(`${head} VALUES ${part.map(() => tuple).join(', ')} ${tail}`, part.flat()));
  }
  return settle(results);
}

/**
 * The state writes of migration 3's and 4's tables as one `StateTx` over either database: the
 * same SQL, run by `exec` inside the caller's transaction. `aggregate` is the dialect's JSON
 * object aggregate for the decisions (`json_group_object` / `json_object_agg`). SQLite runs it;
 * PostgreSQL has its own (`postgres-state-tx.ts`), a prepared statement per call and one
 * statement for all the writes, since each round trip there costs both processes time.
 */
export function sqlStateTx(exec: Exec, aggregate: string, lock: StateTx['lock']): StateTx {
  return {
    lock,
    devicesOf: (kids) => selectIn(exec, kids, (marks) => `SELECT kid, principal_key FROM state_devices WHERE kid IN (${marks})`, deviceRowFrom),
    membersOf: (keys) => selectIn(exec, keys, (marks) => `SELECT kid, principal_key FROM state_devices WHERE principal_key IN (${marks})`, deviceRowFrom),
    decisionRowsOfKids: (kids) => selectIn(exec, kids, (marks) => `SELECT ${decisionRowColumns(aggregate)} FROM receipts r WHERE r.kid IN (${marks})`, decisionRowFromRow),
    write: (w) => writeEach(exec, w),
  };
}

/** The writes of one `StateWrite`, a statement (or a few hundred rows) at a time. */
function writeEach(exec: Exec, w: StateWrite): unknown {
  const days = dayCounts(w.counts);
  return settle([
    runIn(exec, w.principals, (marks) => `DELETE FROM consent_state WHERE principal_key IN (${marks})`),
    runIn(exec, w.principals, (marks) => `DELETE FROM principal_terms WHERE principal_key IN (${marks})`),
    insertMany(exec, `INSERT INTO consent_state (${STATE_COLUMNS})`, 14, w.rows.map(stateValues), ''),
    insertMany(exec, 'INSERT INTO principal_terms (term, principal_key)', 2, w.terms.map((t) => [t.term, t.principalKey]), 'ON CONFLICT DO NOTHING'),
    insertMany(exec, 'INSERT INTO state_devices (kid, principal_key)', 2, w.devices.map((d) => [d.kid, d.principalKey]), DEVICES_CONFLICT),
    insertMany(exec, 'INSERT INTO decision_counts (purpose, bucket, event, n)', 4, w.counts.map((d) => [d.purpose, d.bucket, d.event, d.n]), COUNTS_CONFLICT),
    insertMany(exec, 'INSERT INTO decision_days (purpose, day, event, n)', 4, days.map((d) => [d.purpose, d.day, d.event, d.n]), DAYS_CONFLICT),
    insertMany(exec, 'INSERT INTO purpose_holders (purpose, holders)', 2, w.holders.map(([purpose, n]) => [purpose, n]), HOLDERS_CONFLICT),
    insertMany(exec, 'INSERT INTO withdrawn_days (purpose, day, n)', 3, w.withdrawn.map((d) => [d.purpose, d.day, d.n]), WITHDRAWN_CONFLICT),
  ]);
}

export const DEVICES_CONFLICT = 'ON CONFLICT (kid) DO UPDATE SET principal_key = excluded.principal_key';
export const COUNTS_CONFLICT = 'ON CONFLICT (purpose, bucket, event) DO UPDATE SET n = decision_counts.n + excluded.n';
export const DAYS_CONFLICT = 'ON CONFLICT (purpose, day, event) DO UPDATE SET n = decision_days.n + excluded.n';
export const HOLDERS_CONFLICT = 'ON CONFLICT (purpose) DO UPDATE SET holders = purpose_holders.holders + excluded.holders';
export const WITHDRAWN_CONFLICT = 'ON CONFLICT (purpose, day) DO UPDATE SET n = withdrawn_days.n + excluded.n';
