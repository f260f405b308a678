import { userInfo } from 'node:os';
import pg from 'pg';
import { endsBatch, sqlRightsStore } from '../rights-requests/sql-rights-store.js';
import { MIGRATIONS } from './migrations.js';
import { stateReads } from './state-reads.js';
import { numbered, POSTGRES } from './state-sql.js';
import { lockKeysSql, postgresStateTx } from './postgres-state-tx.js';
import { buildState } from '../state/build-state.js';
import { refreshPlan } from '../state/refresh-plan.js';
import { runPlan } from '../state/state-tx.js';
import { challengeFromRow, decidedReceiptFromRow, decisionRowColumns, RECEIPT_COLUMNS, receiptFromRow, requestChangeFromRow } from './sqlite-store.js';
import type { AppendOutcome, ControllerKeyRecord, NewReceipt, Store } from './store.js';
import type { JsonWebKey } from '../webcrypto-types.js';

type Row = Record<string, unknown>;

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema to create (if missing) and use instead of the search_path default; tests use a fresh one per run. */
  schema?: string;
  /** Pool size. */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// Any constant: serialises migrations of every receiver instance sharing the database.
const MIGRATION_LOCK = 947_012_094;

/**
 * Like libpq (psql), a URL without a user name means the operating-system user. node-postgres
 * would send no user at all when USER and PGUSER are unset (as in many containers and CI jobs),
 * which the server refuses, so the name is written into the URL.
 */
export function withDefaultUser(connectionString: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const match = /^(postgres(?:ql)?:\/\/)([^/?#]*)(.*)$/s.exec(connectionString);
  if (!match || match[2]!.includes('@') || env.PGUSER || env.USER) return connectionString;
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    return connectionString;
  }
  return `${match[1]}${encodeURIComponent(user)}@${match[2]}${match[3]}`;
}

/**
 * PostgreSQL through a pg Pool. A batch goes in as one transaction: the receipts in one
 * statement (`ON CONFLICT DO NOTHING`), their decisions in another, so concurrent posts of the
 * same receipt are settled by the unique constraints, never by a read-then-write race; then the state those receipts change, under advisory locks per device and per customer,
 * so that several receivers on one database keep one state row per principal and purpose.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: withDefaultUser(options.connectionString),
    max: options.max ?? 10,
    // Custom plans for the prepared statements: a plan cached while a table was small (a seq
    // scan) would stay as it grows, and the statements' arrays vary in length anyway.
    options: `-c plan_cache_mode=force_custom_plan${schema ? ` -c search_path=${schema}` : ''}`,
  });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', () => {});
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const query = async (text: string, values: unknown[] = []): Promise<Row[]> => (await pool.query(text, values)).rows as Row[];

  const reads = stateReads((sql, params) => query(numbered(sql), [...params]), POSTGRES);
  const rights = sqlRightsStore({
    all: (sql, params) => query(numbered(sql), [...params]),
    batch: (statements) =>
      inTransaction(pool, async (client) => {
        const counts: number[] = [];
        for (const s of statements) {
          counts.push((await client.query(numbered(s.sql), [...s.params])).rowCount ?? 0);
          if (endsBatch(s, counts.at(-1)!)) break;
        }
        return counts;
      }),
  });
  return {
    kind: 'postgres',
    ...reads,
    rights,
    // The log reader's, so the store and the state derivation read decisions one way.
    decisionRowsOfKids: reads.log.decisionRowsOfKids,
    kidsIdentifiedAs: reads.log.kidsIdentifiedAs,
    async appendReceipts(rows) {
      // Two receivers taking batches that share receipts (in different orders, on the unique
      // indexes) or counters can deadlock; PostgreSQL then aborts one, which is simply run again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await appendBatch(pool, rows);
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error;
        }
      }
    },
    async getReceipt(id) {
      const [row] = await query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = $1`, [id]);
      return row ? receiptFromRow(row) : undefined;
    },
    async getReceipts(ids) {
      return (await query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = ANY($1::text[])`, [ids])).map(receiptFromRow);
    },
    async receiptIdForJti(jti) {
      const [row] = await query('SELECT id FROM receipts WHERE otp_jti = $1', [jti]);
      return row ? String(row.id) : undefined;
    },
    async receiptsOfKids(kids) {
      return (await query(`SELECT ${decisionRowColumns('json_object_agg', true)} FROM receipts r WHERE r.kid = ANY($1::text[])`, [kids])).map(decidedReceiptFromRow);
    },
    async addControllerKey(record) {
      await query('INSERT INTO controller_keys (kid, jwk, added_at_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        record.kid,
        JSON.stringify(record.jwk),
        record.addedAtMs,
      ]);
    },
    async controllerKeys() {
      return (await query('SELECT kid, jwk, added_at_ms FROM controller_keys ORDER BY added_at_ms, kid')).map(
        (r): ControllerKeyRecord => ({ kid: String(r.kid), jwk: JSON.parse(String(r.jwk)) as JsonWebKey, addedAtMs: Number(r.added_at_ms) }),
      );
    },
    async recordRequestChange(change) {
      await query('INSERT INTO purpose_request_changes (purpose, requested, changed_by, changed_at_ms) VALUES ($1, $2, $3, $4)', [
        change.purpose,
        change.requested,
        change.changedBy,
        change.changedAtMs,
      ]);
    },
    async requestChanges(purpose) {
      return (
        await query('SELECT purpose, requested, changed_by, changed_at_ms FROM purpose_request_changes WHERE purpose = $1 ORDER BY seq', [
          purpose,
        ])
      ).map(requestChangeFromRow);
    },
    createOtpChallenge(challenge, limit) {
      // Committed either way: the purge of old challenges stands even when this one is refused.
      return inTransaction(pool, async (client) => {
        // Per-address lock for this transaction: two sends to one address cannot both pass the count.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [challenge.addressHash]);
        await client.query('DELETE FROM otp_challenges WHERE created_at_ms < $1', [limit.purgeBeforeMs]);
        const { rows } = await client.query('SELECT count(*)::int AS n FROM otp_challenges WHERE address_hash = $1 AND created_at_ms >= $2', [
          challenge.addressHash,
          limit.windowStartMs,
        ]);
        if (Number(rows[0]?.n) >= limit.maxPerWindow) return 'rate-limited' as const;
        await client.query(
          `INSERT INTO otp_challenges (id, channel, address_hash, code_hash, created_at_ms, expires_at_ms, attempts, used_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, 0, NULL)`,
          [challenge.id, challenge.channel, challenge.addressHash, challenge.codeHash, challenge.createdAtMs, challenge.expiresAtMs],
        );
        return 'created' as const;
      });
    },
    async getOtpChallenge(id) {
      const [row] = await query('SELECT * FROM otp_challenges WHERE id = $1', [id]);
      return row ? challengeFromRow(row) : undefined;
    },
    async countOtpAttempt(id, maxAttempts) {
      const [row] = await query(
        'UPDATE otp_challenges SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 AND used_at_ms IS NULL RETURNING attempts',
        [id, maxAttempts],
      );
      return row ? Number(row.attempts) : undefined;
    },
    async useOtpChallenge(id, nowMs) {
      const result = await pool.query('UPDATE otp_challenges SET used_at_ms = $1 WHERE id = $2 AND used_at_ms IS NULL', [nowMs, id]);
      return result.rowCount === 1;
    },
    async close() {
      await pool.end();
    },
  };
}

// The whole batch in one statement, in batch order (which decides who wins a shared one-time-code
// token); ON CONFLICT DO NOTHING skips rows whose id, chain hash or token another row (stored
// before, by another receiver, or earlier in this batch) already holds. The decisions of the rows
// stored go in with them, matched by chain hash: one round trip for both tables. Before any row,
// the statement takes the advisory locks of the batch's devices ($20, `k:<kid>`), which the state
// refresh needs: a receiver appending to the same devices is waited for here, and the refresh's
// reads, each a statement of its own with a snapshot of its own, see what it committed.
const INSERT_RECEIPTS = `WITH locks AS (${lockKeysSql(20)}), stored AS (
  INSERT INTO receipts (${RECEIPT_COLUMNS})
  SELECT ${RECEIPT_COLUMNS} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::bigint[], $8::bigint[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[]) WITH ORDINALITY AS r (${RECEIPT_COLUMNS}, ord)
  WHERE (SELECT locked FROM locks) >= 0
  ORDER BY ord
  ON CONFLICT DO NOTHING RETURNING chain_hash
), decisions AS (
  INSERT INTO receipt_decisions (receipt_id, kid, purpose, granted)
  SELECT d.receipt_id, d.kid, d.purpose, d.granted FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::boolean[])
    AS d (chain_hash, receipt_id, kid, purpose, granted)
  WHERE d.chain_hash IN (SELECT chain_hash FROM stored)
)
SELECT chain_hash FROM stored`;

/** Runs `run` in one transaction on one pooled client: committed if it resolves, rolled back if it throws. */
async function inTransaction<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await run(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function appendBatch(pool: pg.Pool, rows: readonly NewReceipt[]): Promise<AppendOutcome[]> {
  return inTransaction(pool, async (client) => {
    const outcomes: AppendOutcome[] = new Array(rows.length);
    const column = <K extends keyof NewReceipt>(k: K) => rows.map((r) => r[k]);
    const deviceLocks = [...new Set(rows.map((r) => `k:${r.kid}`))];
    // The same JWS twice in a batch is stored once, as its first occurrence: its decisions once too.
    const firstOfEach = [...new Map(rows.map((r) => [r.chainHash, r] as const)).values()];
    const decisions = firstOfEach.flatMap((r) => Object.entries(r.decisions).map(([purpose, granted]) => [r.chainHash, r.id, r.kid, purpose, granted] as const));
    const inserted = new Set(
      (
        await client.query({
          name: 'artgrad_insert_receipts',
          text: INSERT_RECEIPTS,
          values: [
            column('id'), column('kid'), column('chainHash'), column('prev'), column('newKey'), column('event'), column('consentTimestamp'), column('iatMs'),
            column('principalId'), column('subjectId'), column('otpJti'), column('jws'), column('countersignature'), column('receivedAtMs'),
            ...[0, 1, 2, 3, 4].map((c) => decisions.map((d) => d[c])),
            deviceLocks,
          ],
        })
      ).rows.map((r: Row) => String(r.chain_hash)),
    );
    // Matched by chain hash, which is one JWS's alone: by id, a row skipped for its token would
    // take the place of a later row of the batch stored under the same id. The second of the
    // same JWS in a batch is its first's duplicate.
    const stored: NewReceipt[] = [];
    const first = new Set<string>();
    for (const [i, row] of rows.entries()) {
      if (inserted.has(row.chainHash) && !first.has(row.chainHash)) {
        first.add(row.chainHash);
        stored.push(row);
        outcomes[i] = { kind: 'stored' };
      }
    }
    const others = rows.filter((_, i) => outcomes[i] === undefined);
    if (others.length) {
      const existing = new Map(
        (await client.query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = ANY($1::text[])`, [others.map((r) => r.id)])).rows.map((r: Row) => [String(r.id), receiptFromRow(r)]),
      );
      const jtis = others.flatMap((r) => (r.otpJti === null ? [] : [r.otpJti]));
      const holders = new Map(
        jtis.length ? (await client.query('SELECT id, otp_jti FROM receipts WHERE otp_jti = ANY($1::text[])', [jtis])).rows.map((r: Row) => [String(r.otp_jti), String(r.id)]) : [],
      );
      for (const [i, row] of rows.entries()) {
        if (outcomes[i] !== undefined) continue;
        const found = existing.get(row.id);
        const holder = row.otpJti === null ? undefined : holders.get(row.otpJti);
        if (found) outcomes[i] = { kind: 'exists', existing: found };
        else if (holder !== undefined) outcomes[i] = { kind: 'jti-used', byReceiptId: holder };
        else throw new Error(`receipt ${row.id} conflicts with a stored receipt in an unexpected way`);
      }
    }
    await runPlan(refreshPlan(stored), postgresStateTx(client, new Set(deviceLocks)));
    return outcomes;
  });
}

function migrate(pool: pg.Pool): Promise<void> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)',
    );
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r: Row) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    }
    // Migration 3's second half, under the same lock: the state tables filled from the receipts already stored.
    if ((await client.query('SELECT 1 FROM state_builds WHERE version = 3')).rowCount === 0) {
      await buildState(
        stateReads(async (sql, params) => (await client.query(numbered(sql), [...params])).rows as Row[], POSTGRES).log,
        postgresStateTx(client),
      );
      await client.query('INSERT INTO state_builds (version, built_at_ms) VALUES (3, $1)', [Date.now()]);
    }
  });
}
