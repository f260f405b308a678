import { decisionRowColumns, decisionRowFromRow } from './sqlite-store.js';
import {
  countRowFrom,
  dailyCountsSql,
  dayCountRowFrom,
  keptDayCountsSql,
  withdrawnDayRowFrom,
  withdrawnSinceSql,
  deviceRowFrom,
  holdersCountSql,
  holdersSql,
  listRowFrom,
  inChunks,
  placeholders,
  STATE_COLUMNS,
  stateRowFrom,
  termCountSql,
  termRowFrom,
  withdrawalsCountSql,
  withdrawalsSql,
  type Dialect,
  type Sql,
} from './state-sql.js';
import type { Store } from './store.js';
import { BUCKET_SECONDS, DAY_SECONDS, KEPT_DAY_OFFSET_SECONDS, keptDayOf } from '../state/state-types.js';

type Row = Record<string, unknown>;
export type Query = (sql: string, params: readonly unknown[]) => Promise<Row[]>;

/** The state reads of both stores, over the dialect's `query` (`?` placeholders). */
export function stateReads(query: Query, dialect: Dialect): Pick<Store, 'holders' | 'holdersTotal' | 'withdrawals' | 'withdrawalsTotal' | 'termCount' | 'dailyCounts' | 'log' | 'kept'> {
  const run = (s: Sql) => query(s.sql, s.params);
  const selectIn = async <T>(values: readonly string[], sql: (marks: string) => string, map: (row: Row) => T): Promise<T[]> =>
    (await Promise.all(inChunks(values).map((part) => query(sql(placeholders(part.length)), part)))).flat().map(map);
  const count = async (s: Sql) => Number((await run(s))[0]?.n ?? 0);
  return {
    holders: async (q) => (await run(holdersSql(q, dialect))).map(listRowFrom),
    holdersTotal: async (q) =>
      q.prefix === undefined ? Number((await query('SELECT holders FROM purpose_holders WHERE purpose = ?', [q.purpose]))[0]?.holders ?? 0) : count(holdersCountSql(q)),
    withdrawals: async (q) => (await run(withdrawalsSql(q, dialect))).map(listRowFrom),
    withdrawalsTotal: (q) => count(q.prefix === undefined ? withdrawnSinceSql(q.purpose, q.since) : withdrawalsCountSql(q)),
    termCount: (prefix, cap) => count(termCountSql(prefix, cap)),
    dailyCounts: async (purposes, from, to, offset) => {
      const whole = (from * BUCKET_SECONDS + offset) % DAY_SECONDS === 0 && (to * BUCKET_SECONDS + offset) % DAY_SECONDS === 0;
      const sql =
        offset === KEPT_DAY_OFFSET_SECONDS && whole
          ? keptDayCountsSql(purposes, keptDayOf(from * BUCKET_SECONDS), keptDayOf(to * BUCKET_SECONDS))
          : dailyCountsSql(purposes, from, to, offset);
      return (await run(sql)).map(dayCountRowFrom);
    },
    log: {
      kidsAfter: async (after, limit) =>
        (await query(`SELECT DISTINCT kid FROM receipts ${after === null ? '' : 'WHERE kid > ?'} ORDER BY kid LIMIT ?`, after === null ? [limit] : [after, limit])).map((r) =>
          String(r.kid),
        ),
      decisionRowsOfKids: (kids) => selectIn(kids, (marks) => `SELECT ${decisionRowColumns(dialect.aggregate)} FROM receipts r WHERE r.kid IN (${marks})`, decisionRowFromRow),
      kidsIdentifiedAs: async (subjectId) => (await query('SELECT DISTINCT kid FROM receipts WHERE subject_id = ?', [subjectId])).map((r) => String(r.kid)),
    },
    kept: {
      of: async (keys) => ({
        rows: await selectIn(keys, (marks) => `SELECT ${STATE_COLUMNS} FROM consent_state WHERE principal_key IN (${marks})`, stateRowFrom),
        terms: await selectIn(keys, (marks) => `SELECT term, principal_key FROM principal_terms WHERE principal_key IN (${marks})`, termRowFrom),
      }),
      devicesOf: (kids) => selectIn(kids, (marks) => `SELECT kid, principal_key FROM state_devices WHERE kid IN (${marks})`, deviceRowFrom),
      totals: async () => {
        const n = async (table: string) => Number((await query(`SELECT count(*) AS n FROM ${table}`, []))[0]!.n);
        return { rows: await n('consent_state'), terms: await n('principal_terms'), devices: await n('state_devices') };
      },
      counts: async () => (await query('SELECT purpose, bucket, event, n FROM decision_counts WHERE n <> 0', [])).map(countRowFrom),
      days: async () => (await query('SELECT purpose, day, event, n FROM decision_days WHERE n <> 0', [])).map(dayCountRowFrom),
      withdrawn: async () => (await query('SELECT purpose, day, n FROM withdrawn_days WHERE n <> 0', [])).map(withdrawnDayRowFrom),
      holders: async () => new Map((await query('SELECT purpose, holders FROM purpose_holders WHERE holders <> 0', [])).map((r) => [String(r.purpose), Number(r.holders)])),
    },
  };
}
