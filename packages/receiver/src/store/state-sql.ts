/**
 * The SQL of the state tables (migration 3), written once with `?` placeholders for both
 * databases: SQLite runs it as it is, PostgreSQL after `numbered()`. Every list is read by
 * index, newest first, with the receipt id breaking ties so that pages never overlap.
 */
import { DAY_SECONDS, KEPT_DAY_OFFSET_SECONDS, keptDayOf, type CountRow, type DayCountRow, type DeviceRow, type StateRow, type TermRow, type WithdrawnDayRow } from '../state/state-types.js';

export interface Sql {
  sql: string;
  params: unknown[];
}

/** What the two databases spell differently in the state's SQL. */
export interface Dialect {
  /** The JSON object aggregate of a receipt's decisions. */
  aggregate: 'json_group_object' | 'json_object_agg';
  /**
   * Appended to a state row's receipt id where it is matched with `receipts.id`. On PostgreSQL
   * the state's ids are `COLLATE "C"` (byte order, for prefix ranges and cursors) and
   * `receipts.id` has the default collation; compared as they are, the comparison takes "C",
   * the primary key of `receipts` cannot serve it, and a page of 50 joined every receipt (a hash
   * join over a sequential scan: 96 ms at 100,000 receipts). Equality is the same in both.
   */
  receiptKeyCollate: string;
}
export const SQLITE: Dialect = { aggregate: 'json_group_object', receiptKeyCollate: '' };
export const POSTGRES: Dialect = { aggregate: 'json_object_agg', receiptKeyCollate: ' COLLATE "default"' };

/** `?` → `$1, $2, …` for PostgreSQL (no `?` appears in our SQL otherwise). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** IN lists a few hundred long: far below both databases' limits on bound parameters, however many devices a customer id gathers. */
export const IN_CHUNK = 500;
export function inChunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  return Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));
}

/** Where a list continues: after the item with this time and receipt id. */
export interface ListCursor {
  at: number;
  receiptId: string;
}

export interface StateListQuery {
  purpose: string;
  /** Lower-cased prefix of a customer id, piiPrincipalId, kid or receipt id. */
  prefix?: string;
  after?: ListCursor;
  limit: number;
  offset: number;
}

/** A row of the holders or withdrawals list, before its countersignature is read. */
export interface StateListRow {
  subjectId: string | null;
  piiPrincipalId: string;
  kid: string;
  receiptId: string;
  /** consentTimestamp of the receipt, seconds. */
  at: number;
  receivedAtMs: number;
  /** The controller's countersignature of the receipt. */
  countersignature: string;
}

/** What a prefix ends before: every string that starts with it sorts between the two, byte-wise. */
export const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

function list(kind: 'holders' | 'withdrawals', q: StateListQuery & { since?: number }, count: boolean, dialect: Dialect = SQLITE): Sql {
  const [at, receipt, columns, where] =
    kind === 'holders'
      ? ['decided_at', 'receipt_id', 's.subject_id, s.pii_principal_id, s.kid, s.receipt_id, s.decided_at AS at, s.received_at_ms', 's.granted = 1']
      : ['w_at', 'w_receipt_id', 's.subject_id, s.w_pii_principal_id AS pii_principal_id, s.w_kid AS kid, s.w_receipt_id AS receipt_id, s.w_at AS at, s.w_received_at_ms AS received_at_ms', 's.granted = 0 AND s.w_at IS NOT NULL'];
  const conditions = ['s.purpose = ?', where];
  const params: unknown[] = [];
  // A search starts from the terms (at most 10,000, checked before) and looks each principal up
  // by its key; CROSS JOIN tells SQLite to keep that order rather than walk every holder of the
  // purpose and test each against the terms.
  let from = 'consent_state s';
  if (q.prefix !== undefined) {
    from = '(SELECT DISTINCT principal_key FROM principal_terms WHERE term >= ? AND term < ?) t CROSS JOIN consent_state s';
    conditions.unshift('s.principal_key = t.principal_key');
    params.push(q.prefix, prefixEnd(q.prefix));
  }
  params.push(q.purpose);
  if (q.since !== undefined) {
    conditions.push(`s.${at} >= ?`);
    params.push(q.since);
  }
  if (count) return { sql: `SELECT count(*) AS n FROM ${from} WHERE ${conditions.join(' AND ')}`, params };
  // The countersignature comes with the row, by the receipt's primary key: one read per page,
  // and not the signed JWS beside it, which the list does not show.
  from += ` JOIN receipts r ON r.id = s.${receipt}${dialect.receiptKeyCollate}`;
  if (q.after) {
    // The first condition bounds the index range (SQLite does not take one from the OR alone);
    // the second drops the rows of that second already listed.
    conditions.push(`s.${at} <= ? AND (s.${at} < ? OR s.${receipt} > ?)`);
    params.push(q.after.at, q.after.at, q.after.receiptId);
  }
  params.push(q.limit, q.offset);
  return {
    sql: `SELECT ${columns}, r.countersignature FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY s.${at} DESC, s.${receipt} LIMIT ? OFFSET ?`,
    params,
  };
}

export const holdersSql = (q: StateListQuery, dialect: Dialect): Sql => list('holders', q, false, dialect);
export const holdersCountSql = (q: Pick<StateListQuery, 'purpose' | 'prefix'>): Sql => list('holders', { ...q, limit: 0, offset: 0 }, true);
export const withdrawalsSql = (q: StateListQuery & { since: number }, dialect: Dialect): Sql => list('withdrawals', q, false, dialect);
export const withdrawalsCountSql = (q: StateListQuery & { since: number }): Sql => list('withdrawals', q, true);

/** How many terms start with `prefix`, counting no further than `cap` (a bounded index range scan). */
export const termCountSql = (prefix: string, cap: number): Sql => ({
  sql: 'SELECT count(*) AS n FROM (SELECT 1 FROM principal_terms WHERE term >= ? AND term < ? LIMIT ?) t',
  params: [prefix, prefixEnd(prefix), cap],
});

/** Decisions per day at UTC+5, from the day counts kept beside the quarter hours; days `[from, to)`. */
export const keptDayCountsSql = (purposes: readonly string[], fromDay: number, toDay: number): Sql => ({
  sql: `SELECT purpose, day, event, n FROM decision_days WHERE purpose IN (${placeholders(purposes.length)}) AND day >= ? AND day < ?`,
  params: [...purposes, fromDay, toDay],
});

/**
 * How many stand withdrawn since `since`: the kept days after since's own day, plus the rows of
 * that day from `since` on (an index range of one day). Flat however many withdrawals the shop
 * has kept, where a count of the list would grow with them.
 */
export const withdrawnSinceSql = (purpose: string, since: number): Sql => {
  const day = keptDayOf(since);
  return {
    sql: `SELECT (SELECT coalesce(sum(n), 0) FROM withdrawn_days WHERE purpose = ? AND day > ?)
      + (SELECT count(*) FROM consent_state s WHERE s.purpose = ? AND s.granted = 0 AND s.w_at IS NOT NULL AND s.w_at >= ? AND s.w_at < ?) AS n`,
    params: [purpose, day, purpose, since, (day + 1) * DAY_SECONDS - KEPT_DAY_OFFSET_SECONDS],
  };
};

/** Decisions per day at `offsetSeconds` east of UTC, from the quarter-hour counts; buckets `[from, to)`. */
export const dailyCountsSql = (purposes: readonly string[], fromBucket: number, toBucket: number, offsetSeconds: number): Sql => ({
  // CAST: better-sqlite3 binds numbers as REAL, and a REAL would make the division fractional.
  sql: `SELECT purpose, day, event, sum(n) AS n FROM (
          SELECT purpose, CAST((bucket * 900 + CAST(? AS INTEGER)) / 86400 AS INTEGER) AS day, event, n FROM decision_counts
          WHERE purpose IN (${placeholders(purposes.length)}) AND bucket >= ? AND bucket < ?
        ) AS counts GROUP BY purpose, day, event`,
  params: [offsetSeconds, ...purposes, fromBucket, toBucket],
});

export function listRowFrom(row: Record<string, unknown>): StateListRow {
  return {
    subjectId: row.subject_id === null ? null : String(row.subject_id),
    piiPrincipalId: String(row.pii_principal_id),
    kid: String(row.kid),
    receiptId: String(row.receipt_id),
    at: Number(row.at),
    receivedAtMs: Number(row.received_at_ms),
    countersignature: String(row.countersignature),
  };
}

export const STATE_COLUMNS =
  'principal_key, purpose, granted, subject_id, pii_principal_id, kid, receipt_id, decided_at, received_at_ms, w_pii_principal_id, w_kid, w_receipt_id, w_at, w_received_at_ms';

export const stateValues = (r: StateRow): unknown[] => [
  r.principalKey,
  r.purpose,
  r.granted ? 1 : 0,
  r.subjectId,
  r.piiPrincipalId,
  r.kid,
  r.receiptId,
  r.decidedAt,
  r.receivedAtMs,
  r.withdrawal?.piiPrincipalId ?? null,
  r.withdrawal?.kid ?? null,
  r.withdrawal?.receiptId ?? null,
  r.withdrawal?.at ?? null,
  r.withdrawal?.receivedAtMs ?? null,
];

export function stateRowFrom(row: Record<string, unknown>): StateRow {
  return {
    principalKey: String(row.principal_key),
    purpose: String(row.purpose),
    granted: Number(row.granted) === 1,
    subjectId: row.subject_id === null ? null : String(row.subject_id),
    piiPrincipalId: String(row.pii_principal_id),
    kid: String(row.kid),
    receiptId: String(row.receipt_id),
    decidedAt: Number(row.decided_at),
    receivedAtMs: Number(row.received_at_ms),
    withdrawal:
      row.w_receipt_id === null
        ? null
        : {
            piiPrincipalId: String(row.w_pii_principal_id),
            kid: String(row.w_kid),
            receiptId: String(row.w_receipt_id),
            at: Number(row.w_at),
            receivedAtMs: Number(row.w_received_at_ms),
          },
  };
}

export const deviceRowFrom = (row: Record<string, unknown>): DeviceRow => ({ kid: String(row.kid), principalKey: String(row.principal_key) });
export const termRowFrom = (row: Record<string, unknown>): TermRow => ({ term: String(row.term), principalKey: String(row.principal_key) });
export const countRowFrom = (row: Record<string, unknown>): CountRow => ({
  purpose: String(row.purpose),
  bucket: Number(row.bucket),
  event: String(row.event) as CountRow['event'],
  n: Number(row.n),
});
export const dayCountRowFrom = (row: Record<string, unknown>): DayCountRow => ({
  purpose: String(row.purpose),
  day: Number(row.day),
  event: String(row.event) as DayCountRow['event'],
  n: Number(row.n),
});
export const withdrawnDayRowFrom = (row: Record<string, unknown>): WithdrawnDayRow => ({ purpose: String(row.purpose), day: Number(row.day), n: Number(row.n) });
