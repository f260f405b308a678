import Database from 'better-sqlite3';
import { endsBatch, sqlRightsStore, type SqlStatement } from '../rights-requests/sql-rights-store.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { stateReads } from './state-reads.js';
import { inChunks, placeholders, SQLITE } from './state-sql.js';
import { sqlStateTx, type Exec } from './state-tx-sql.js';
import { buildState } from '../state/build-state.js';
import { refreshPlan } from '../state/refresh-plan.js';
import { runPlanSync, type StateTx } from '../state/state-tx.js';
import type { LogReader } from '../state/derive-from-log.js';
import type {
  AppendOutcome,
  ControllerKeyRecord,
  DecidedReceipt,
  DecisionRow,
  NewReceipt,
  OtpChallenge,
  RequestChange,
  Store,
  StoredReceipt,
} from './store.js';
import type { JsonWebKey } from '../webcrypto-types.js';

type Row = Record<string, unknown>;

export function receiptFromRow(row: Row): StoredReceipt {
  return { ...factsFromRow(row), jws: String(row.jws), countersignature: String(row.countersignature) };
}

export function decisionRowFromRow(row: Row): DecisionRow {
  return { ...factsFromRow(row), decisions: decisionsFromRow(row) };
}

export function decidedReceiptFromRow(row: Row): DecidedReceipt {
  return { ...receiptFromRow(row), decisions: decisionsFromRow(row) };
}

/** `decisions` is a JSON object (SQLite's 0/1 or PostgreSQL's booleans), or null for a receipt deciding nothing. */
function decisionsFromRow(row: Row): Record<string, boolean> {
  const decided = (typeof row.decisions === 'string' ? JSON.parse(row.decisions) : (row.decisions ?? {})) as Record<string, unknown>;
  // fromEntries defines own properties: no purpose id, however odd, can set a prototype.
  return Object.fromEntries(Object.entries(decided).map(([purpose, granted]) => [purpose, granted === true || granted === 1]));
}

function factsFromRow(row: Row): Omit<StoredReceipt, 'jws' | 'countersignature'> {
  return {
    id: String(row.id),
    kid: String(row.kid),
    chainHash: String(row.chain_hash),
    prev: row.prev === null ? null : String(row.prev),
    newKey: row.new_key === true || row.new_key === 1,
    event: String(row.event),
    consentTimestamp: Number(row.consent_timestamp),
    iatMs: Number(row.iat_ms),
    principalId: String(row.principal_id),
    subjectId: row.subject_id === null ? null : String(row.subject_id),
    otpJti: row.otp_jti === null ? null : String(row.otp_jti),
    receivedAtMs: Number(row.received_at_ms),
  };
}

export function challengeFromRow(row: Row): OtpChallenge {
  return {
    id: String(row.id),
    channel: row.channel === 'email' ? 'email' : 'sms',
    addressHash: String(row.address_hash),
    codeHash: String(row.code_hash),
    createdAtMs: Number(row.created_at_ms),
    expiresAtMs: Number(row.expires_at_ms),
    attempts: Number(row.attempts),
    usedAtMs: row.used_at_ms === null ? null : Number(row.used_at_ms),
  };
}

export function requestChangeFromRow(row: Row): RequestChange {
  return {
    purpose: String(row.purpose),
    requested: row.requested === true || row.requested === 1,
    changedBy: String(row.changed_by),
    changedAtMs: Number(row.changed_at_ms),
  };
}

// Shared with the PostgreSQL store: the same columns, read by the same functions. The inserts
// of both stores give their values in this order.
export const RECEIPT_COLUMNS =
  'id, kid, chain_hash, prev, new_key, event, consent_timestamp, iat_ms, principal_id, subject_id, otp_jti, jws, countersignature, received_at_ms';
/**
 * The columns of `receipts r` (without the two documents unless `documents`) and its decisions as
 * a JSON object, made by the dialect's `aggregate`.
 */
export const decisionRowColumns = (aggregate: string, documents = false): string =>
  `${RECEIPT_COLUMNS.split(', ')
    .filter((c) => documents || (c !== 'jws' && c !== 'countersignature'))
    .map((c) => `r.${c}`)
    .join(', ')},
   (SELECT ${aggregate}(d.purpose, d.granted) FROM receipt_decisions d WHERE d.receipt_id = r.id) AS decisions`;

export interface SqliteStoreOptions {
  /** The database file; created (with its directory) when missing. `:memory:` for throwaway use. */
  file: string;
}

/**
 * The embedded default: one SQLite file in WAL mode (readers never wait for the writer, and a
 * crash loses at most the last transactions, never the file). better-sqlite3 is synchronous;
 * the async interface is for the handlers, which also run against PostgreSQL.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: durable across application crashes, at most the last commits lost on power loss.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const insertReceipt = db.prepare(
    `INSERT INTO receipts (${RECEIPT_COLUMNS}) VALUES (@id, @kid, @chainHash, @prev, @newKey, @event, @consentTimestamp, @iatMs,
      @principalId, @subjectId, @otpJti, @jws, @countersignature, @receivedAtMs) ON CONFLICT DO NOTHING`,
  );
  const insertDecision = db.prepare('INSERT INTO receipt_decisions (receipt_id, kid, purpose, granted) VALUES (?, ?, ?, ?)');
  const byId = db.prepare(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = ?`);
  const byJti = db.prepare('SELECT id FROM receipts WHERE otp_jti = ?');

  const statements = new Map<string, Database.Statement>();
  const exec: Exec = (sql, params) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      // Prepared once per distinct text (the IN lists vary in length, so the cache stays bounded by use).
      if (statements.size < 500) statements.set(sql, statement);
    }
    return statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
  };
  const stateTx = sqlStateTx(exec, 'json_group_object', () => {});

  // One transaction per batch: the receipts, their decisions and the state they change are
  // committed together or not at all. IMMEDIATE takes the write lock first, so a second process
  // on the same file waits instead of deriving state from a log it has not seen.
  const append = db.transaction((rows: readonly NewReceipt[]): AppendOutcome[] => {
    const stored: NewReceipt[] = [];
    const outcomes = rows.map((row): AppendOutcome => {
      const inserted = insertReceipt.run({ ...row, newKey: row.newKey ? 1 : 0 }).changes === 1;
      if (inserted) {
        for (const [purpose, granted] of Object.entries(row.decisions)) insertDecision.run(row.id, row.kid, purpose, granted ? 1 : 0);
        stored.push(row);
        return { kind: 'stored' };
      }
      const existing = byId.get(row.id) as Row | undefined;
      if (existing) return { kind: 'exists', existing: receiptFromRow(existing) };
      const holder = row.otpJti === null ? undefined : (byJti.get(row.otpJti) as Row | undefined);
      if (holder) return { kind: 'jti-used', byReceiptId: String(holder.id) };
      // Same chain hash means the same JWS, hence the same id: handled above.
      throw new Error(`receipt ${row.id} conflicts with a stored receipt in an unexpected way`);
    });
    runPlanSync(refreshPlan(stored), stateTx);
    return outcomes;
  });

  const createChallenge = db.transaction(
    (challenge: OtpChallenge, limit: { windowStartMs: number; maxPerWindow: number; purgeBeforeMs: number }) => {
      db.prepare('DELETE FROM otp_challenges WHERE created_at_ms < ?').run(limit.purgeBeforeMs);
      const { n } = db
        .prepare('SELECT count(*) AS n FROM otp_challenges WHERE address_hash = ? AND created_at_ms >= ?')
        .get(challenge.addressHash, limit.windowStartMs) as { n: number };
      if (n >= limit.maxPerWindow) return 'rate-limited' as const;
      db.prepare(
        `INSERT INTO otp_challenges (id, channel, address_hash, code_hash, created_at_ms, expires_at_ms, attempts, used_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, 0, NULL)`,
      ).run(challenge.id, challenge.channel, challenge.addressHash, challenge.codeHash, challenge.createdAtMs, challenge.expiresAtMs);
      return 'created' as const;
    },
  );
  // IMMEDIATE: take the write lock before counting, so two processes cannot both see room for one more.
  const createChallengeImmediate = (c: OtpChallenge, l: Parameters<typeof createChallenge>[1]) => createChallenge.immediate(c, l);


  const reads = stateReads(async (sql, params) => exec(sql, params), SQLITE);
  const batch = db.transaction((statements: readonly SqlStatement[]) => {
    const counts: number[] = [];
    for (const s of statements) {
      counts.push(db.prepare(s.sql).run(...s.params).changes);
      if (endsBatch(s, counts.at(-1)!)) break;
    }
    return counts;
  });
  const rights = sqlRightsStore({
    all: async (sql, params) => db.prepare(sql).all(...params) as Row[],
    // IMMEDIATE: the write lock first, as for receipts.
    batch: async (statements) => batch.immediate(statements),
  });
  await buildStateOnce(db, reads.log, stateTx);

  return {
    kind: 'sqlite',
    ...reads,
    rights,
    // The log reader's, so the store and the state derivation read decisions one way.
    decisionRowsOfKids: reads.log.decisionRowsOfKids,
    kidsIdentifiedAs: reads.log.kidsIdentifiedAs,
    async appendReceipts(rows) {
      return append.immediate(rows);
    },
    async getReceipt(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? receiptFromRow(row) : undefined;
    },
    async getReceipts(ids) {
      return inChunks(ids).flatMap((part) =>
        (db.prepare(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id IN (${placeholders(part.length)})`).all(...part) as Row[]).map(
          receiptFromRow,
        ),
      );
    },
    async receiptIdForJti(jti) {
      const row = byJti.get(jti) as Row | undefined;
      return row ? String(row.id) : undefined;
    },
    async receiptsOfKids(kids) {
      return inChunks(kids).flatMap((part) =>
        (db.prepare(`SELECT ${decisionRowColumns('json_group_object', true)} FROM receipts r WHERE r.kid IN (${placeholders(part.length)})`).all(...part) as Row[]).map(
          decidedReceiptFromRow,
        ),
      );
    },
    async addControllerKey(record) {
      db.prepare('INSERT INTO controller_keys (kid, jwk, added_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(
        record.kid,
        JSON.stringify(record.jwk),
        record.addedAtMs,
      );
    },
    async controllerKeys() {
      return (db.prepare('SELECT kid, jwk, added_at_ms FROM controller_keys ORDER BY added_at_ms, kid').all() as Row[]).map(
        (r): ControllerKeyRecord => ({ kid: String(r.kid), jwk: JSON.parse(String(r.jwk)) as JsonWebKey, addedAtMs: Number(r.added_at_ms) }),
      );
    },
    async recordRequestChange(change) {
      db.prepare('INSERT INTO purpose_request_changes (purpose, requested, changed_by, changed_at_ms) VALUES (?, ?, ?, ?)').run(
        change.purpose,
        change.requested ? 1 : 0,
        change.changedBy,
        change.changedAtMs,
      );
    },
    async requestChanges(purpose) {
      return (
        db
          .prepare('SELECT purpose, requested, changed_by, changed_at_ms FROM purpose_request_changes WHERE purpose = ? ORDER BY seq')
          .all(purpose) as Row[]
      ).map(requestChangeFromRow);
    },
    async createOtpChallenge(challenge, limit) {
      return createChallengeImmediate(challenge, limit);
    },
    async getOtpChallenge(id) {
      const row = db.prepare('SELECT * FROM otp_challenges WHERE id = ?').get(id) as Row | undefined;
      return row ? challengeFromRow(row) : undefined;
    },
    async countOtpAttempt(id, maxAttempts) {
      const row = db
        .prepare('UPDATE otp_challenges SET attempts = attempts + 1 WHERE id = ? AND attempts < ? AND used_at_ms IS NULL RETURNING attempts')
        .get(id, maxAttempts) as Row | undefined;
      return row ? Number(row.attempts) : undefined;
    },
    async useOtpChallenge(id, nowMs) {
      return db.prepare('UPDATE otp_challenges SET used_at_ms = ? WHERE id = ? AND used_at_ms IS NULL').run(nowMs, id).changes === 1;
    },
    async close() {
      db.close();
    },
  };
}

/** Migration 3's second half: the state tables filled from the receipts already stored, once. */
async function buildStateOnce(db: Database.Database, log: LogReader, tx: StateTx): Promise<void> {
  const built = () => db.prepare('SELECT 1 FROM state_builds WHERE version = 3').get() !== undefined;
  if (built()) return;
  // By hand rather than db.transaction: the build awaits between chunks. Nothing else uses this
  // connection before the store is returned, and IMMEDIATE keeps other processes out.
  db.exec('BEGIN IMMEDIATE');
  try {
    if (!built()) {
      await buildState(log, tx);
      db.prepare('INSERT INTO state_builds (version, built_at_ms) VALUES (3, ?)').run(Date.now());
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)');
  const run = db.transaction(() => {
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }
  });
  // IMMEDIATE: two processes starting on one file must not both apply a migration.
  run.immediate();
}
