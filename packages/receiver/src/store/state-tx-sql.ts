import { decisionRowColumns, decisionRowFromRow } from './sqlite-store.js';
import { deviceRowFrom, inChunks, placeholders, STATE_COLUMNS, stateValues } from './state-sql.js';
import type { StateTx } from '../state/state-tx.js';

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
 * The state writes of migration 3's tables as one `StateTx` over either database: the same SQL,
 * run by `exec` inside the caller's transaction. `aggregate` is the dialect's JSON object
 * aggregate for the decisions (`json_group_object` / `json_object_agg`).
 */
export function sqlStateTx(exec: Exec, aggregate: string, lock: StateTx['lock']): StateTx {
  return {
    lock,
    devicesOf: (kids) => selectIn(exec, kids, (marks) => `SELECT kid, principal_key FROM state_devices WHERE kid IN (${marks})`, deviceRowFrom),
    membersOf: (keys) => selectIn(exec, keys, (marks) => `SELECT kid, principal_key FROM state_devices WHERE principal_key IN (${marks})`, deviceRowFrom),
    decisionRowsOfKids: (kids) => selectIn(exec, kids, (marks) => `SELECT ${decisionRowColumns(aggregate)} FROM receipts r WHERE r.kid IN (${marks})`, decisionRowFromRow),
    replacePrincipals: (keys, rows, terms) =>
      settle([
        runIn(exec, keys, (marks) => `DELETE FROM consent_state WHERE principal_key IN (${marks})`),
        runIn(exec, keys, (marks) => `DELETE FROM principal_terms WHERE principal_key IN (${marks})`),
        insertMany(exec, `INSERT INTO consent_state (${STATE_COLUMNS})`, 14, rows.map(stateValues), ''),
        insertMany(exec, 'INSERT INTO principal_terms (term, principal_key)', 2, terms.map((t) => [t.term, t.principalKey]), 'ON CONFLICT DO NOTHING'),
      ]),
    putDevices: (devices) =>
      insertMany(
        exec,
        'INSERT INTO state_devices (kid, principal_key)',
        2,
        devices.map((d) => [d.kid, d.principalKey]),
        'ON CONFLICT (kid) DO UPDATE SET principal_key = excluded.principal_key',
      ),
    addCounts: (deltas) =>
      insertMany(
        exec,
        'INSERT INTO decision_counts (purpose, bucket, event, n)',
        4,
        deltas.map((d) => [d.purpose, d.bucket, d.event, d.n]),
        'ON CONFLICT (purpose, bucket, event) DO UPDATE SET n = decision_counts.n + excluded.n',
      ),
    addHolders: (deltas) =>
      insertMany(
        exec,
        'INSERT INTO purpose_holders (purpose, holders)',
        2,
        deltas.map(([purpose, n]) => [purpose, n]),
        'ON CONFLICT (purpose) DO UPDATE SET holders = purpose_holders.holders + excluded.holders',
      ),
  };
}
