/**
 * Versioned schema changes, one list for both databases so they never drift apart. Each runs
 * once, in order, recorded in `schema_migrations`. Never edit an applied migration: add one.
 */
import { BUCKET_SECONDS, DAY_SECONDS, KEPT_DAY_OFFSET_SECONDS } from '../state/state-types.js';

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

// Tables whose rows are evidence (or its history): the database itself refuses to change them,
// so neither a bug nor a hand-typed UPDATE can rewrite what a shopper signed.
const APPEND_ONLY = ['receipts', 'receipt_decisions', 'controller_keys', 'purpose_request_changes'];

const sqliteGuards = appendOnlySqlite(APPEND_ONLY);

const postgresGuards = `
CREATE FUNCTION artgrad_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
${appendOnlyPostgres(APPEND_ONLY)}`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'receipts, controller keys, purpose requests, one-time codes',
    sqlite: `
CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  kid TEXT NOT NULL,
  chain_hash TEXT NOT NULL UNIQUE,
  prev TEXT,
  new_key INTEGER NOT NULL CHECK (new_key IN (0, 1)),
  event TEXT NOT NULL,
  consent_timestamp INTEGER NOT NULL,
  iat_ms INTEGER NOT NULL,
  principal_id TEXT NOT NULL,
  subject_id TEXT,
  otp_jti TEXT UNIQUE,
  jws TEXT NOT NULL,
  countersignature TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX receipts_kid ON receipts (kid);
CREATE INDEX receipts_prev ON receipts (prev);
CREATE TABLE receipt_decisions (
  receipt_id TEXT NOT NULL REFERENCES receipts (id),
  kid TEXT NOT NULL,
  purpose TEXT NOT NULL,
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  PRIMARY KEY (receipt_id, purpose)
) STRICT;
CREATE INDEX receipt_decisions_purpose ON receipt_decisions (purpose, kid);
CREATE TABLE controller_keys (
  kid TEXT PRIMARY KEY,
  jwk TEXT NOT NULL,
  added_at_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE purpose_request_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  purpose TEXT NOT NULL,
  requested INTEGER NOT NULL CHECK (requested IN (0, 1)),
  changed_by TEXT NOT NULL,
  changed_at_ms INTEGER NOT NULL
);
CREATE INDEX purpose_request_changes_purpose ON purpose_request_changes (purpose, seq);
CREATE TABLE otp_challenges (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  address_hash TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at_ms INTEGER
) STRICT;
CREATE INDEX otp_challenges_address ON otp_challenges (address_hash, created_at_ms);
${sqliteGuards}`,
    postgres: `
CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  kid TEXT NOT NULL,
  chain_hash TEXT NOT NULL UNIQUE,
  prev TEXT,
  new_key BOOLEAN NOT NULL,
  event TEXT NOT NULL,
  consent_timestamp BIGINT NOT NULL,
  iat_ms BIGINT NOT NULL,
  principal_id TEXT NOT NULL,
  subject_id TEXT,
  otp_jti TEXT UNIQUE,
  jws TEXT NOT NULL,
  countersignature TEXT NOT NULL,
  received_at_ms BIGINT NOT NULL
);
CREATE INDEX receipts_kid ON receipts (kid);
CREATE INDEX receipts_prev ON receipts (prev);
CREATE TABLE receipt_decisions (
  receipt_id TEXT NOT NULL REFERENCES receipts (id),
  kid TEXT NOT NULL,
  purpose TEXT NOT NULL,
  granted BOOLEAN NOT NULL,
  PRIMARY KEY (receipt_id, purpose)
);
CREATE INDEX receipt_decisions_purpose ON receipt_decisions (purpose, kid);
CREATE TABLE controller_keys (
  kid TEXT PRIMARY KEY,
  jwk TEXT NOT NULL,
  added_at_ms BIGINT NOT NULL
);
CREATE TABLE purpose_request_changes (
  seq BIGSERIAL PRIMARY KEY,
  purpose TEXT NOT NULL,
  requested BOOLEAN NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at_ms BIGINT NOT NULL
);
CREATE INDEX purpose_request_changes_purpose ON purpose_request_changes (purpose, seq);
CREATE TABLE otp_challenges (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  address_hash TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at_ms BIGINT
);
CREATE INDEX otp_challenges_address ON otp_challenges (address_hash, created_at_ms);
${postgresGuards}`,
  },
  {
    version: 2,
    name: 'receipts by customer id, for the devices of one identified shopper',
    sqlite: 'CREATE INDEX receipts_subject ON receipts (subject_id) WHERE subject_id IS NOT NULL;',
    postgres: 'CREATE INDEX receipts_subject ON receipts (subject_id) WHERE subject_id IS NOT NULL;',
  },
  {
    version: 3,
    name: 'current state kept at ingest: one row per principal and purpose, devices, search terms, counters, quarter-hour counts',
    // Derived tables, not evidence: each write replaces a principal's rows from its receipts, so
    // they are not append-only. `state/` builds them from the log right after this migration
    // (`state_builds` records it) and `verify-state` recomputes them at any time. `granted` is an
    // integer 0/1 on both databases so that every read is the same SQL; ids and search terms are
    // compared byte by byte (COLLATE "C" on PostgreSQL, SQLite's BINARY), which prefix ranges need.
    sqlite: stateTables('TEXT', 'INTEGER'),
    postgres: stateTables('TEXT COLLATE "C"', 'BIGINT'),
  },
  {
    version: 4,
    name: 'counts per day at UTC+5 and standing withdrawals per day, kept at ingest',
    // Filled here from migration 3's tables, which hold the whole state once built; on a store
    // whose state is not built yet they are empty, and the build fills these with the rest.
    // Days are at UTC+5 (`KEPT_DAY_OFFSET_SECONDS`); times are positive, so integer division floors.
    sqlite: dayTables('TEXT', 'INTEGER'),
    postgres: dayTables('TEXT COLLATE "C"', 'BIGINT'),
  },
  {
    version: 5,
    name: 'signed receipts stored out of line without compression (PostgreSQL)',
    // A stored receipt's two JWS (about 2.5 KB each) push its row over PostgreSQL's 2 KB TOAST
    // threshold, so each insert tried pglz on base64 text, which it cannot shrink: measured on
    // 10,000 bench receipts, INSERT took 602 ms with the attempt and 259 ms without. New rows
    // only; SQLite stores them as they are.
    sqlite: 'SELECT 1;',
    postgres: `ALTER TABLE receipts ALTER COLUMN jws SET STORAGE EXTERNAL;
ALTER TABLE receipts ALTER COLUMN countersignature SET STORAGE EXTERNAL;`,
  },
  {
    version: 6,
    name: 'rights requests (policy item 23): the signed requests, their events, and the personal data kept beside them',
    // The requests and their events are evidence: append-only, like receipts. What the shopper
    // sent beside a request (reply address, free text, customer id) is kept in a table of its
    // own, the one thing erasure (item 23.4) deletes. One closing event (refused, done) per request.
    sqlite: requestTables('INTEGER', 'INTEGER PRIMARY KEY AUTOINCREMENT', 'BLOB') + appendOnlySqlite(['rights_requests', 'rights_request_events']),
    postgres: requestTables('BIGINT', 'BIGSERIAL PRIMARY KEY', 'BYTEA') + appendOnlyPostgres(['rights_requests', 'rights_request_events']),
  },
];

function requestTables(int: string, serial: string, blob: string): string {
  return `
CREATE TABLE rights_requests (
  id TEXT PRIMARY KEY,
  kid TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'blocking', 'destruction')),
  chain_hash TEXT NOT NULL UNIQUE,
  prev TEXT,
  iat_ms ${int} NOT NULL,
  language TEXT NOT NULL,
  jws TEXT NOT NULL,
  ack TEXT NOT NULL,
  received_at_ms ${int} NOT NULL,
  received_day TEXT NOT NULL,
  working_days INTEGER NOT NULL,
  due_day TEXT NOT NULL,
  due_by_ms ${int} NOT NULL,
  provisional INTEGER NOT NULL CHECK (provisional IN (0, 1))
);
CREATE INDEX rights_requests_due ON rights_requests (due_by_ms, id);
CREATE INDEX rights_requests_kid ON rights_requests (kid, received_at_ms);
CREATE INDEX rights_requests_principal ON rights_requests (principal_id);
CREATE TABLE rights_request_personal (
  request_id TEXT PRIMARY KEY REFERENCES rights_requests (id),
  reply_to TEXT,
  details TEXT,
  subject_id TEXT,
  subject_verified INTEGER NOT NULL CHECK (subject_verified IN (0, 1))
);
CREATE TABLE rights_request_events (
  seq ${serial},
  request_id TEXT NOT NULL REFERENCES rights_requests (id),
  type TEXT NOT NULL CHECK (type IN ('answered', 'refused', 'done', 'extended')),
  at_ms ${int} NOT NULL,
  by_name TEXT NOT NULL,
  text TEXT,
  due_day TEXT,
  due_by_ms ${int},
  attachment_name TEXT,
  attachment_type TEXT,
  attachment_size INTEGER,
  attachment ${blob},
  erasure TEXT
);
CREATE INDEX rights_request_events_request ON rights_request_events (request_id, seq);
CREATE UNIQUE INDEX rights_request_events_closed ON rights_request_events (request_id) WHERE type IN ('refused', 'done');
`;
}

function appendOnlySqlite(tables: readonly string[]): string {
  return tables
    .map(
      (table) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: UPDATE refused'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE refused'); END;`,
    )
    .join('\n');
}

function appendOnlyPostgres(tables: readonly string[]): string {
  return tables
    .map(
      (table) => `
CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION artgrad_append_only();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION artgrad_append_only();`,
    )
    .join('\n');
}

/** `keptDayOf` in SQL, for a time in seconds (positive, so integer division floors). */
function dayOf(seconds: string): string {
  return `(${seconds} + ${KEPT_DAY_OFFSET_SECONDS}) / ${DAY_SECONDS}`;
}

function dayTables(id: string, int: string): string {
  return `
CREATE TABLE decision_days (
  purpose ${id} NOT NULL,
  day ${int} NOT NULL,
  event ${id} NOT NULL,
  n ${int} NOT NULL,
  PRIMARY KEY (purpose, day, event)
);
CREATE TABLE withdrawn_days (
  purpose ${id} NOT NULL,
  day ${int} NOT NULL,
  n ${int} NOT NULL,
  PRIMARY KEY (purpose, day)
);
INSERT INTO decision_days (purpose, day, event, n)
  SELECT purpose, ${dayOf(`bucket * ${BUCKET_SECONDS}`)}, event, sum(n) FROM decision_counts GROUP BY purpose, ${dayOf(`bucket * ${BUCKET_SECONDS}`)}, event;
INSERT INTO withdrawn_days (purpose, day, n)
  SELECT purpose, ${dayOf('w_at')}, count(*) FROM consent_state WHERE granted = 0 AND w_at IS NOT NULL GROUP BY purpose, ${dayOf('w_at')};`;
}

function stateTables(id: string, int: string): string {
  return `
CREATE TABLE consent_state (
  principal_key ${id} NOT NULL,
  purpose ${id} NOT NULL,
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  subject_id ${id},
  pii_principal_id ${id} NOT NULL,
  kid ${id} NOT NULL,
  receipt_id ${id} NOT NULL,
  decided_at ${int} NOT NULL,
  received_at_ms ${int} NOT NULL,
  w_pii_principal_id ${id},
  w_kid ${id},
  w_receipt_id ${id},
  w_at ${int},
  w_received_at_ms ${int},
  PRIMARY KEY (principal_key, purpose)
);
CREATE INDEX consent_state_holders ON consent_state (purpose, decided_at DESC, receipt_id) WHERE granted = 1;
CREATE INDEX consent_state_withdrawn ON consent_state (purpose, w_at DESC, w_receipt_id) WHERE granted = 0 AND w_at IS NOT NULL;
CREATE TABLE state_devices (
  kid ${id} PRIMARY KEY,
  principal_key ${id} NOT NULL
);
CREATE INDEX state_devices_principal ON state_devices (principal_key);
CREATE TABLE principal_terms (
  term ${id} NOT NULL,
  principal_key ${id} NOT NULL,
  PRIMARY KEY (term, principal_key)
);
CREATE INDEX principal_terms_principal ON principal_terms (principal_key);
CREATE TABLE purpose_holders (
  purpose ${id} PRIMARY KEY,
  holders ${int} NOT NULL
);
CREATE TABLE decision_counts (
  purpose ${id} NOT NULL,
  bucket ${int} NOT NULL,
  event ${id} NOT NULL,
  n ${int} NOT NULL,
  PRIMARY KEY (purpose, bucket, event)
);
CREATE TABLE state_builds (
  version INTEGER PRIMARY KEY,
  built_at_ms ${int} NOT NULL
);`;
}
