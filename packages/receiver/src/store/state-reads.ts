import { decisionRowColumns, decisionRowFromRow } from './sqlite-store.js';
import {
  countRowFrom,
  dailyCountsSql,
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
  type Sql,
} from './state-sql.js';
import type { Store } from './store.js';

type Row = Record<string, unknown>;
export type Query = (sql: string, params: readonly unknown[]) => Promise<Row[]>;

/** The state reads of both stores, over the dialect's `query` (`?` placeholders) and JSON aggregate. */
export function stateReads(query: Query, aggregate: string): Pick<Store, 'holders' | 'holdersTotal' | 'withdrawals' | 'withdrawalsTotal' | 'termCount' | 'dailyCounts' | 'log' | 'kept'> {
  const run = (s: Sql) => query(s.sql, s.params);
  const selectIn = async <T>(values: readonly string[], sql: (marks: string) => string, map: (row: Row) => T): Promise<T[]> =>
    (await Promise.all(inChunks(values).map((part) => query(sql(placeholders(part.length)), part)))).flat().map(map);
  const count = async (s: Sql) => Number((await run(s))[0]?.n ?? 0);
  return {
    holders: async (q) => (await run(holdersSql(q))).map(listRowFrom),
    holdersTotal: async (q) =>
      q.prefix === undefined ? Number((await query('SELECT holders FROM purpose_holders WHERE purpose = ?', [q.purpose]))[0]?.holders ?? 0) : count(holdersCountSql(q)),
    withdrawals: async (q) => (await run(withdrawalsSql(q))).map(listRowFrom),
    withdrawalsTotal: (q) => count(withdrawalsCountSql(q)),
    termCount: (prefix, cap) => count(termCountSql(prefix, cap)),
    dailyCounts: async (purposes, from, to, offset) =>
      (await run(dailyCountsSql(purposes, from, to, offset))).map((r) => ({ purpose: String(r.purpose), day: Number(r.day), event: String(r.event), n: Number(r.n) })),
    log: {
      kidsAfter: async (after, limit) =>
        (await query(`SELECT DISTINCT kid FROM receipts ${after === null ? '' : 'WHERE kid > ?'} ORDER BY kid LIMIT ?`, after === null ? [limit] : [after, limit])).map((r) =>
          String(r.kid),
        ),
      decisionRowsOfKids: (kids) => selectIn(kids, (marks) => `SELECT ${decisionRowColumns(aggregate)} FROM receipts r WHERE r.kid IN (${marks})`, decisionRowFromRow),
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
      holders: async () => new Map((await query('SELECT purpose, holders FROM purpose_holders WHERE holders <> 0', [])).map((r) => [String(r.purpose), Number(r.holders)])),
    },
  };
}
