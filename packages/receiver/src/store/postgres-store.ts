import { userInfo } from 'node:os';
import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { challengeFromRow, decidedReceiptFromRow, decisionRowColumns, decisionRowFromRow, RECEIPT_COLUMNS, receiptFromRow, requestChangeFromRow } from './sqlite-store.js';
import type { AppendOutcome, ControllerKeyRecord, KeyRotation, Store } from './store.js';
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
 * PostgreSQL through a pg Pool. Every receipt goes in with one statement (`ON CONFLICT DO
 * NOTHING` plus its decisions in a data-modifying CTE), so concurrent posts of the same
 * receipt are settled by the unique constraints, never by a read-then-write race.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: withDefaultUser(options.connectionString),
    max: options.max ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
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

  return {
    kind: 'postgres',
    async appendReceipts(rows) {
      const outcomes: AppendOutcome[] = [];
      // One statement per receipt, each its own transaction: no batch-wide locks, so two
      // batches sharing receipts in different orders cannot deadlock.
      for (const row of rows) {
        const purposes = Object.keys(row.decisions);
        const [result] = await query(
          `WITH ins AS (
             INSERT INTO receipts (${RECEIPT_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT DO NOTHING RETURNING id, kid
           ), dec AS (
             INSERT INTO receipt_decisions (receipt_id, kid, purpose, granted)
             SELECT ins.id, ins.kid, d.purpose, d.granted FROM ins, unnest($15::text[], $16::boolean[]) AS d (purpose, granted)
           )
           SELECT count(*)::int AS inserted FROM ins`,
          [
            row.id,
            row.kid,
            row.chainHash,
            row.prev,
            row.newKey,
            row.event,
            row.consentTimestamp,
            row.iatMs,
            row.principalId,
            row.subjectId,
            row.otpJti,
            row.jws,
            row.countersignature,
            row.receivedAtMs,
            purposes,
            purposes.map((p) => row.decisions[p]),
          ],
        );
        if (result?.inserted === 1) {
          outcomes.push({ kind: 'stored' });
          continue;
        }
        const [existing] = await query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = $1`, [row.id]);
        if (existing) {
          outcomes.push({ kind: 'exists', existing: receiptFromRow(existing) });
          continue;
        }
        const [holder] = row.otpJti === null ? [] : await query('SELECT id FROM receipts WHERE otp_jti = $1', [row.otpJti]);
        if (holder) {
          outcomes.push({ kind: 'jti-used', byReceiptId: String(holder.id) });
          continue;
        }
        throw new Error(`receipt ${row.id} conflicts with a stored receipt in an unexpected way`);
      }
      return outcomes;
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
    async decisionRowsOfKids(kids) {
      return (await query(`SELECT ${decisionRowColumns('json_object_agg')} FROM receipts r WHERE r.kid = ANY($1::text[])`, [kids])).map(decisionRowFromRow);
    },
    async kidsIdentifiedAs(subjectId) {
      return (await query('SELECT DISTINCT kid FROM receipts WHERE subject_id = $1', [subjectId])).map((r) => String(r.kid));
    },
    async kidsDecidingOn(purpose) {
      return (await query('SELECT DISTINCT kid FROM receipt_decisions WHERE purpose = $1', [purpose])).map((r) => String(r.kid));
    },
    async keyRotations() {
      const rows = await query(
        `SELECT DISTINCT p.kid AS from_kid, r.kid AS to_kid FROM receipts r
         JOIN receipts p ON p.chain_hash = r.prev WHERE p.kid <> r.kid`,
      );
      return rows.map((r): KeyRotation => ({ fromKid: String(r.from_kid), toKid: String(r.to_kid) }));
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
    async createOtpChallenge(challenge, limit) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Per-address lock for this transaction: two sends to one address cannot both pass the count.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [challenge.addressHash]);
        await client.query('DELETE FROM otp_challenges WHERE created_at_ms < $1', [limit.purgeBeforeMs]);
        const { rows } = await client.query('SELECT count(*)::int AS n FROM otp_challenges WHERE address_hash = $1 AND created_at_ms >= $2', [
          challenge.addressHash,
          limit.windowStartMs,
        ]);
        if (Number(rows[0]?.n) >= limit.maxPerWindow) {
          await client.query('ROLLBACK');
          return 'rate-limited';
        }
        await client.query(
          `INSERT INTO otp_challenges (id, channel, address_hash, code_hash, created_at_ms, expires_at_ms, attempts, used_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, 0, NULL)`,
          [challenge.id, challenge.channel, challenge.addressHash, challenge.codeHash, challenge.createdAtMs, challenge.expiresAtMs],
        );
        await client.query('COMMIT');
        return 'created';
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
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

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
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
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
