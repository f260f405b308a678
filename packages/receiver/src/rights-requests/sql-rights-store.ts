import type { RightsKind } from '@artgrad/receipt';
import { inChunks, placeholders } from '../store/state-sql.js';
import type {
  ErasureRecord,
  NewRequestEvent,
  QueueRow,
  RequestEvent,
  RequestEventType,
  RequestPersonalData,
  RequestStatus,
  RightsRequestStore,
  RightsRequestRecord,
  StoredRightsRequest,
} from './rights-types.js';

type Row = Record<string, unknown>;

/** One database, as the request store uses it: `?` placeholders (PostgreSQL's runner numbers them). */
export interface SqlRunner {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs the statements in order in one transaction; each one's count of changed rows. A
   * `required` statement that changes nothing ends the batch there: what follows it belongs to
   * the row it was to write (a request's personal data, an erasure after its `done`).
   */
  batch(statements: readonly SqlStatement[]): Promise<number[]>;
}

export interface SqlStatement {
  sql: string;
  params: readonly unknown[];
  required?: boolean;
}

/** The batch rule of `SqlRunner`, for each database's loop: whether `statement` ends the batch. */
export const endsBatch = (statement: SqlStatement, changed: number): boolean => statement.required === true && changed === 0;

const COLUMNS =
  'id, kid, principal_id, kind, chain_hash, prev, iat_ms, language, jws, ack, received_at_ms, received_day, working_days, due_day, due_by_ms, provisional';
const QUEUE_COLUMNS = 'id, kid, principal_id, kind, chain_hash, prev, iat_ms, language, received_at_ms, received_day, working_days, due_day, due_by_ms, provisional';
const CLOSING = "('refused', 'done')";

/** The status and the current due date of `r`, in SQL both databases read the same way. */
const DERIVED = `
  COALESCE((SELECT e.type FROM rights_request_events e WHERE e.request_id = r.id AND e.type <> 'extended' ORDER BY e.seq DESC LIMIT 1), 'received') AS status,
  COALESCE((SELECT e.due_day FROM rights_request_events e WHERE e.request_id = r.id AND e.type = 'extended' ORDER BY e.seq DESC LIMIT 1), r.due_day) AS current_due_day,
  COALESCE((SELECT e.due_by_ms FROM rights_request_events e WHERE e.request_id = r.id AND e.type = 'extended' ORDER BY e.seq DESC LIMIT 1), r.due_by_ms) AS current_due_by_ms`;

/** Met: access is answered in time by an answer (26.6) or a refusal (26.7); the rest by being done or refused (26.8). */
const MET = `(q.status IN ${CLOSING} OR (q.kind = 'access' AND q.status = 'answered'))`;

function requestFromRow(row: Row): StoredRightsRequest {
  return {
    id: String(row.id),
    kid: String(row.kid),
    principalId: String(row.principal_id),
    kind: String(row.kind) as RightsKind,
    chainHash: String(row.chain_hash),
    prev: row.prev === null ? null : String(row.prev),
    iatMs: Number(row.iat_ms),
    language: String(row.language),
    jws: String(row.jws ?? ''),
    ack: String(row.ack ?? ''),
    receivedAtMs: Number(row.received_at_ms),
    receivedDay: String(row.received_day),
    workingDays: Number(row.working_days),
    dueDay: String(row.due_day),
    dueByMs: Number(row.due_by_ms),
    provisional: Number(row.provisional) === 1,
  };
}

function eventFromRow(row: Row): RequestEvent {
  return {
    seq: Number(row.seq),
    requestId: String(row.request_id),
    type: String(row.type) as RequestEventType,
    atMs: Number(row.at_ms),
    by: String(row.by_name),
    text: row.text === null ? null : String(row.text),
    dueDay: row.due_day === null ? null : String(row.due_day),
    dueByMs: row.due_by_ms === null ? null : Number(row.due_by_ms),
    attachment: row.attachment_name === null ? null : { name: String(row.attachment_name), type: String(row.attachment_type), size: Number(row.attachment_size) },
    erasure: row.erasure === null ? null : (JSON.parse(String(row.erasure)) as ErasureRecord),
  };
}

function personalFromRow(row: Row | undefined): RequestPersonalData | null {
  if (!row) return null;
  return {
    replyTo: row.reply_to === null ? null : String(row.reply_to),
    details: row.details === null ? null : String(row.details),
    subjectId: row.subject_id === null ? null : String(row.subject_id),
    subjectVerified: Number(row.subject_verified) === 1,
  };
}

function insertEvent(event: NewRequestEvent): { sql: string; params: unknown[] } {
  // Only on a request that exists and is not closed; the partial unique index settles two
  // closing actions racing on two receivers.
  return {
    sql: `INSERT INTO rights_request_events (request_id, type, at_ms, by_name, text, due_day, due_by_ms, attachment_name, attachment_type, attachment_size, attachment, erasure)
      SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
      WHERE EXISTS (SELECT 1 FROM rights_requests WHERE id = ?)
        AND NOT EXISTS (SELECT 1 FROM rights_request_events WHERE request_id = ? AND type IN ${CLOSING})`,
    params: [
      event.requestId,
      event.type,
      event.atMs,
      event.by,
      event.text,
      event.dueDay ?? null,
      event.dueByMs ?? null,
      event.attachment?.name ?? null,
      event.attachment?.type ?? null,
      event.attachment?.bytes.byteLength ?? null,
      event.attachment ? Buffer.from(event.attachment.bytes) : null,
      event.erasure ? JSON.stringify(event.erasure) : null,
      event.requestId,
      event.requestId,
    ],
  };
}

export function sqlRightsStore(db: SqlRunner): RightsRequestStore {
  const records = async (rows: Row[]): Promise<RightsRequestRecord[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const [personal, events] = await Promise.all([
      db.all(`SELECT * FROM rights_request_personal WHERE request_id IN (${placeholders(ids.length)})`, ids),
      db.all(
        `SELECT seq, request_id, type, at_ms, by_name, text, due_day, due_by_ms, attachment_name, attachment_type, attachment_size, erasure
         FROM rights_request_events WHERE request_id IN (${placeholders(ids.length)}) ORDER BY seq`,
        ids,
      ),
    ]);
    return rows.map((row) => ({
      ...requestFromRow(row),
      personal: personalFromRow(personal.find((p) => p.request_id === row.id)),
      events: events.filter((e) => e.request_id === row.id).map(eventFromRow),
      status: String(row.status) as RequestStatus,
      currentDueDay: String(row.current_due_day),
      currentDueByMs: Number(row.current_due_by_ms),
    }));
  };

  const whyNot = async (requestId: string): Promise<'closed' | 'missing'> =>
    (await db.all('SELECT 1 FROM rights_requests WHERE id = ?', [requestId])).length ? 'closed' : 'missing';

  return {
    async add(request, personal) {
      const [inserted] = await db.batch([
        {
          // Required: a resent or clashing request stores nothing more, not even after an erasure
          // took its first copy's personal data.
          required: true,
          sql: `INSERT INTO rights_requests (${COLUMNS}) VALUES (${placeholders(16)}) ON CONFLICT DO NOTHING`,
          params: [
            request.id,
            request.kid,
            request.principalId,
            request.kind,
            request.chainHash,
            request.prev,
            request.iatMs,
            request.language,
            request.jws,
            request.ack,
            request.receivedAtMs,
            request.receivedDay,
            request.workingDays,
            request.dueDay,
            request.dueByMs,
            request.provisional ? 1 : 0,
          ],
        },
        {
          sql: 'INSERT INTO rights_request_personal (request_id, reply_to, details, subject_id, subject_verified) VALUES (?, ?, ?, ?, ?)',
          params: [request.id, personal.replyTo, personal.details, personal.subjectId, personal.subjectVerified ? 1 : 0],
        },
      ]);
      if (inserted === 1) return { stored: true };
      const [existing] = await db.all(`SELECT ${COLUMNS} FROM rights_requests WHERE id = ? OR chain_hash = ?`, [request.id, request.chainHash]);
      if (!existing) throw new Error(`request ${request.id} conflicts with a stored request in an unexpected way`);
      return { stored: false, existing: requestFromRow(existing) };
    },

    async get(id) {
      return (await this.many([id]))[0];
    },

    async many(ids) {
      const rows: Row[] = [];
      for (const chunk of inChunks(ids)) rows.push(...(await db.all(`SELECT ${COLUMNS}, ${DERIVED} FROM rights_requests r WHERE r.id IN (${placeholders(chunk.length)})`, chunk)));
      return records(rows);
    },

    async ofKid(kid, limit) {
      return records(await db.all(`SELECT ${COLUMNS}, ${DERIVED} FROM rights_requests r WHERE r.kid = ? ORDER BY r.received_at_ms DESC, r.id LIMIT ?`, [kid, limit]));
    },

    async queue(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.kind) {
        where.push('q.kind = ?');
        params.push(query.kind);
      }
      const status = query.status;
      if (status === 'open') where.push(`q.status NOT IN ${CLOSING}`);
      else if (status === 'overdue') {
        where.push(`NOT ${MET} AND q.current_due_by_ms < ?`);
        params.push(query.nowMs);
      } else if (status === 'due-today') {
        where.push(`NOT ${MET} AND q.current_due_by_ms >= ? AND q.current_due_by_ms < ?`);
        params.push(query.todayStartMs, query.tomorrowStartMs);
      } else if (status) {
        where.push('q.status = ?');
        params.push(status);
      }
      if (query.after) {
        where.push('(q.current_due_by_ms > ? OR (q.current_due_by_ms = ? AND q.id > ?))');
        params.push(query.after.dueByMs, query.after.dueByMs, query.after.id);
      }
      const rows = await db.all(
        `SELECT * FROM (SELECT ${QUEUE_COLUMNS}, ${DERIVED} FROM rights_requests r) q
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY q.current_due_by_ms, q.id LIMIT ?`,
        [...params, query.limit],
      );
      return rows.map((row) => {
        const { jws: _jws, ack: _ack, ...facts } = requestFromRow(row);
        return { ...facts, status: String(row.status) as RequestStatus, currentDueDay: String(row.current_due_day), currentDueByMs: Number(row.current_due_by_ms) } satisfies QueueRow;
      });
    },

    async addEvent(event) {
      try {
        const [added] = await db.batch([insertEvent(event)]);
        return added === 1 ? 'added' : whyNot(event.requestId);
      } catch (error) {
        if (isUniqueViolation(error)) return 'closed';
        throw error;
      }
    },

    async erase(requestIds, done) {
      try {
        const counts = await db.batch([
          // Erased only if this `done` went in (required), in the same transaction: a second
          // `done` on a closed request erases nothing that came since.
          { ...insertEvent(done), required: true },
          ...inChunks(requestIds).map((chunk) => ({ sql: `DELETE FROM rights_request_personal WHERE request_id IN (${placeholders(chunk.length)})`, params: chunk })),
        ]);
        return counts[0] === 1 ? 'added' : whyNot(done.requestId);
      } catch (error) {
        if (isUniqueViolation(error)) return 'closed';
        throw error;
      }
    },

    async attachment(requestId, seq) {
      const [row] = await db.all('SELECT attachment_name, attachment_type, attachment FROM rights_request_events WHERE request_id = ? AND seq = ? AND attachment IS NOT NULL', [requestId, seq]);
      if (!row) return undefined;
      return { name: String(row.attachment_name), type: String(row.attachment_type), bytes: new Uint8Array(row.attachment as Buffer) };
    },

    async relatedIds(kids, principalId) {
      const ids = new Set((await db.all('SELECT id FROM rights_requests WHERE principal_id = ?', [principalId])).map((r) => String(r.id)));
      for (const chunk of inChunks(kids)) for (const r of await db.all(`SELECT id FROM rights_requests WHERE kid IN (${placeholders(chunk.length)})`, chunk)) ids.add(String(r.id));
      return [...ids];
    },
  };
}

/** SQLite's and PostgreSQL's unique-constraint errors. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
