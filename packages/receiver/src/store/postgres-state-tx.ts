import type pg from 'pg';
import { dayCounts } from '../state/derive-state.js';
import type { StateTx } from '../state/state-tx.js';
import type { StateWrite } from '../state/state-types.js';
import { decisionRowColumns, decisionRowFromRow } from './sqlite-store.js';
import { deviceRowFrom, STATE_COLUMNS, stateValues } from './state-sql.js';
import { COUNTS_CONFLICT, DAYS_CONFLICT, DEVICES_CONFLICT, HOLDERS_CONFLICT, WITHDRAWN_CONFLICT } from './state-tx-sql.js';

const STATE_TYPES = ['text', 'text', 'int', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'text', 'bigint', 'bigint'];
const columns = STATE_COLUMNS.split(', ');

/** `unnest($a::t[], $b::u[], …) AS alias (names)` with parameters numbered from `first`. */
const unnest = (first: number, types: readonly string[], alias: string, names: readonly string[]): string =>
  `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(', ')}) AS ${alias} (${names.join(', ')})`;

/**
 * Every state write of a batch in one statement, as data-modifying CTEs over arrays: one round
 * trip (and one plan) where the writes one by one took seven or more, each parsed and planned.
 *
 * The sub-statements of one statement run on one snapshot and in no promised order, so the
 * replace is an upsert of the new rows and terms plus a delete of the principals' others (two
 * disjoint sets), never a delete and insert of the same key. Each counter key appears once
 * (`StateWrite` and `dayCounts` merge them) and in key order, as every writer takes them.
 */
const WRITE_STATE = `WITH
  new_rows AS (SELECT * FROM ${unnest(2, STATE_TYPES, 'n', columns)}),
  gone_rows AS (
    DELETE FROM consent_state s WHERE s.principal_key = ANY($1::text[])
      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.principal_key = s.principal_key AND n.purpose = s.purpose)),
  put_rows AS (
    INSERT INTO consent_state (${STATE_COLUMNS}) SELECT ${STATE_COLUMNS} FROM new_rows
    ON CONFLICT (principal_key, purpose) DO UPDATE SET ${columns.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}),
  new_terms AS (SELECT * FROM ${unnest(16, ['text', 'text'], 't', ['term', 'principal_key'])}),
  gone_terms AS (
    DELETE FROM principal_terms p WHERE p.principal_key = ANY($1::text[])
      AND NOT EXISTS (SELECT 1 FROM new_terms t WHERE t.term = p.term AND t.principal_key = p.principal_key)),
  put_terms AS (INSERT INTO principal_terms (term, principal_key) SELECT term, principal_key FROM new_terms ON CONFLICT DO NOTHING),
  put_devices AS (
    INSERT INTO state_devices (kid, principal_key) SELECT * FROM ${unnest(18, ['text', 'text'], 'd', ['kid', 'principal_key'])} ${DEVICES_CONFLICT}),
  add_counts AS (
    INSERT INTO decision_counts (purpose, bucket, event, n)
    SELECT * FROM ${unnest(20, ['text', 'bigint', 'text', 'bigint'], 'c', ['purpose', 'bucket', 'event', 'n'])} ${COUNTS_CONFLICT}),
  add_days AS (
    INSERT INTO decision_days (purpose, day, event, n)
    SELECT * FROM ${unnest(24, ['text', 'bigint', 'text', 'bigint'], 'c', ['purpose', 'day', 'event', 'n'])} ${DAYS_CONFLICT}),
  add_holders AS (
    INSERT INTO purpose_holders (purpose, holders) SELECT * FROM ${unnest(28, ['text', 'bigint'], 'h', ['purpose', 'holders'])} ${HOLDERS_CONFLICT}),
  add_withdrawn AS (
    INSERT INTO withdrawn_days (purpose, day, n) SELECT * FROM ${unnest(30, ['text', 'bigint', 'bigint'], 'w', ['purpose', 'day', 'n'])} ${WITHDRAWN_CONFLICT})
SELECT 1`;

/** Arrays of `rows`' fields, one per column, for `unnest`. */
const byColumn = (rows: readonly (readonly unknown[])[], width: number): unknown[][] =>
  Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));

async function writeState(client: pg.PoolClient, w: StateWrite): Promise<void> {
  const days = dayCounts(w.counts);
  await client.query({
    name: 'artgrad_write_state',
    text: WRITE_STATE,
    values: [
      w.principals,
      ...byColumn(w.rows.map(stateValues), 14),
      ...byColumn(w.terms.map((t) => [t.term, t.principalKey]), 2),
      ...byColumn(w.devices.map((d) => [d.kid, d.principalKey]), 2),
      ...byColumn(w.counts.map((c) => [c.purpose, c.bucket, c.event, c.n]), 4),
      ...byColumn(days.map((d) => [d.purpose, d.day, d.event, d.n]), 4),
      ...byColumn(w.holders.map(([purpose, n]) => [purpose, n]), 2),
      ...byColumn(w.withdrawn.map((d) => [d.purpose, d.day, d.n]), 3),
    ],
  });
}

// Any constant: keeps state locks apart from other users of advisory locks in the same database.
const STATE_LOCK_SEED = 947_012_095;

/**
 * Advisory locks for `$n` (a text array of keys), in one order for every receiver (by the lock
 * number itself), held until the transaction ends: a subquery any statement can take them in.
 */
export const lockKeysSql = (n: number): string =>
  `SELECT count(pg_advisory_xact_lock(h)) AS locked FROM (SELECT DISTINCT hashtextextended(k, ${STATE_LOCK_SEED}) AS h FROM unnest($${n}::text[]) AS k ORDER BY h) AS l`;

const select = async <T>(client: pg.PoolClient, name: string, text: string, values: unknown[], map: (row: Record<string, unknown>) => T): Promise<T[]> =>
  ((await client.query({ name, text, values })).rows as Record<string, unknown>[]).map(map);

/**
 * The state's reads and writes inside one PostgreSQL transaction, each a named (prepared)
 * statement over arrays, so the server plans each once per connection. `held` are the lock keys
 * the transaction already holds (the append takes its devices' locks in its first statement):
 * they cost no further round trip.
 */
export function postgresStateTx(client: pg.PoolClient, held: ReadonlySet<string> = new Set()): StateTx {
  const locked = new Set(held);
  return {
    async lock(keys) {
      const fresh = keys.filter((k) => !locked.has(k));
      if (fresh.length === 0) return;
      await client.query({ name: 'artgrad_lock_keys', text: lockKeysSql(1), values: [fresh] });
      for (const k of fresh) locked.add(k);
    },
    devicesOf: (kids) => select(client, 'artgrad_devices_of', 'SELECT kid, principal_key FROM state_devices WHERE kid = ANY($1::text[])', [kids], deviceRowFrom),
    membersOf: (keys) =>
      select(client, 'artgrad_members_of', 'SELECT kid, principal_key FROM state_devices WHERE principal_key = ANY($1::text[])', [keys], deviceRowFrom),
    decisionRowsOfKids: (kids) =>
      select(
        client,
        'artgrad_decision_rows_of_kids',
        `SELECT ${decisionRowColumns('json_object_agg')} FROM receipts r WHERE r.kid = ANY($1::text[])`,
        [kids],
        decisionRowFromRow,
      ),
    write: (w) => writeState(client, w),
  };
}
