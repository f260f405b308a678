import { RIGHTS_KINDS, type RightsKind } from '@artgrad/receipt';
import { Hono } from 'hono';
import { adminAuth } from '../admin/admin-auth.js';
import { toCsv } from '../admin/csv.js';
import { encodeCursor, parseCursor } from '../admin/list-cursor.js';
import { kazakhDay } from '../deadlines/calendar-day.js';
import { dueDate } from '../deadlines/due-date.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { ReceiverContext } from '../http/receiver-context.js';
import { CONTROL_IN_TEXT, queryInteger, requireObject, UUID } from '../http/request-input.js';
import { assembleAccessAnswer } from './access-answer.js';
import { planErasure } from './erasure.js';
import { operatorView, queueItem } from './operator-view.js';
import { attachmentResponse } from './public-rights-routes.js';
import type { NewRequestEvent, RequestStatus } from './rights-types.js';

type AdminEnv = { Variables: { adminName: string } };

const STATUSES = ['received', 'answered', 'refused', 'done', 'open', 'overdue', 'due-today'] as const;
const MAX_PAGE = 500;
const MAX_CSV_ROWS = 50_000;
const MAX_TEXT = 20_000;
/** An attached answer, decoded; the JSON body carries it as base64 (4/3 of it) with room for the rest. */
const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
const MAX_ACTION_BODY_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024;
const MIME = /^[a-z]+\/[a-z0-9.+-]{1,100}$/;

function text(body: Record<string, unknown>, name: string, required: boolean, code = 'INVALID_REQUEST'): string | null {
  const value = body[name];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) throw new HttpError(400, code, `${name} is required`);
    return null;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT || CONTROL_IN_TEXT.test(value)) throw new HttpError(400, 'INVALID_REQUEST', `${name} must be text of at most ${MAX_TEXT} characters`);
  return value.trim();
}

function attachmentOf(body: Record<string, unknown>): NewRequestEvent['attachment'] {
  if (body.attachment === undefined || body.attachment === null) return undefined;
  const a = requireObject(body.attachment, 'attachment');
  if (typeof a.name !== 'string' || a.name.length < 1 || a.name.length > 200 || CONTROL_IN_TEXT.test(a.name) || /[\\/]/.test(a.name)) {
    throw new HttpError(400, 'INVALID_REQUEST', 'attachment.name must be a file name of 1 to 200 characters');
  }
  if (typeof a.type !== 'string' || !MIME.test(a.type)) throw new HttpError(400, 'INVALID_REQUEST', 'attachment.type must be a media type such as application/pdf');
  if (typeof a.base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.base64)) throw new HttpError(400, 'INVALID_REQUEST', 'attachment.base64 must be the file in base64');
  const bytes = new Uint8Array(Buffer.from(a.base64, 'base64'));
  if (bytes.byteLength === 0) throw new HttpError(400, 'INVALID_REQUEST', 'attachment is empty');
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `attachment must be at most ${MAX_ATTACHMENT_BYTES} bytes`);
  return { name: a.name, type: a.type, bytes };
}

/**
 * The operator's side of rights requests: the queue by due date, one request in full, and the
 * actions (answer, refuse with a reason, done, extend with a legal basis), each recorded with the
 * admin token's name and the time. Mounted at `/admin/rights-requests`.
 */
export function adminRightsRoutes(ctx: ReceiverContext): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  admin.use('*', adminAuth(ctx.adminNameOf));

  const today = () => {
    const nowMs = ctx.now();
    const todayStartMs = Date.parse(`${kazakhDay(nowMs)}T00:00:00+05:00`);
    return { nowMs, todayStartMs, tomorrowStartMs: todayStartMs + 86_400_000 };
  };

  const filters = (q: Record<string, string | undefined>) => {
    const kind = q.kind || undefined;
    if (kind !== undefined && !Object.hasOwn(RIGHTS_KINDS, kind)) throw new HttpError(400, 'INVALID_REQUEST', `kind must be one of ${Object.keys(RIGHTS_KINDS).join(', ')}`);
    const status = q.status || undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new HttpError(400, 'INVALID_REQUEST', `status must be one of ${STATUSES.join(', ')}`);
    return { ...(kind ? { kind: kind as RightsKind } : {}), ...(status ? { status: status as RequestStatus } : {}) };
  };

  const record = async (id: string) => {
    if (!UUID.test(id)) throw new HttpError(400, 'INVALID_REQUEST', 'the request id must be a UUID');
    const found = await ctx.store.rights.get(id);
    if (!found) throw new HttpError(404, 'NOT_FOUND', 'no rights request with this id');
    return found;
  };

  // Answer and done do their work (assembling an access answer, planning an erasure) before
  // recording it: a closed request is refused first, not after.
  const open = async (id: string) => {
    const found = await record(id);
    if (found.status === 'refused' || found.status === 'done') throw new HttpError(409, 'REQUEST_CLOSED', 'this request is already refused or done');
    return found;
  };

  const recorded = async (id: string, outcome: 'added' | 'closed' | 'missing') => {
    if (outcome === 'closed') throw new HttpError(409, 'REQUEST_CLOSED', 'this request is already refused or done');
    if (outcome === 'missing') throw new HttpError(404, 'NOT_FOUND', 'no rights request with this id');
    const t = today();
    return operatorView((await ctx.store.rights.get(id))!, t.nowMs, t.todayStartMs);
  };

  admin.get('/', async (c) => {
    const t = today();
    const limit = queryInteger(c.req.query('limit'), 'limit', 100, MAX_PAGE) || 100;
    // The admin lists' keyset cursor, here over (current due time, request id).
    const cursor = parseCursor(c.req.query('cursor'));
    const after = cursor && { dueByMs: cursor.at, id: cursor.receiptId };
    const rows = await ctx.store.rights.queue({ ...filters(c.req.query()), ...t, limit: limit + 1, ...(after ? { after } : {}) });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({ items: page.map((r) => queueItem(r, t.nowMs, t.todayStartMs)), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.currentDueByMs, receiptId: last.id }) : null });
  });

  admin.get('/export.csv', async (c) => {
    const t = today();
    const rows = await ctx.store.rights.queue({ ...filters(c.req.query()), ...t, limit: MAX_CSV_ROWS });
    const header = ['id', 'kind', 'item', 'status', 'received_at', 'received_day', 'due_day', 'due_by', 'extended', 'provisional', 'met', 'overdue', 'due_today'];
    const lines = rows.map((r) => {
      const i = queueItem(r, t.nowMs, t.todayStartMs);
      return [i.id, i.kind, i.item, i.status, i.receivedAt, i.receivedDay, i.dueDay, i.dueBy, i.extended, i.provisional, i.met, i.overdue, i.dueToday];
    });
    return c.body(toCsv([header, ...lines]), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="rights-requests-${kazakhDay(t.nowMs)}.csv"`,
    });
  });

  admin.get('/:id', async (c) => {
    const t = today();
    return c.json(operatorView(await record(c.req.param('id')), t.nowMs, t.todayStartMs));
  });

  admin.get('/:id/events/:seq/attachment', async (c) => {
    const seq = c.req.param('seq');
    if (!/^\d{1,15}$/.test(seq)) throw new HttpError(400, 'INVALID_REQUEST', 'seq must be an event number');
    const file = await ctx.store.rights.attachment((await record(c.req.param('id'))).id, Number(seq));
    if (!file) throw new HttpError(404, 'NOT_FOUND', 'no attachment on this event');
    return attachmentResponse(file);
  });

  const event = (id: string, type: NewRequestEvent['type'], by: string, fields: Partial<NewRequestEvent> = {}): NewRequestEvent => ({
    requestId: id,
    type,
    atMs: ctx.now(),
    by,
    text: null,
    ...fields,
  });

  // Answer: text, a file, or (for access, 23.1) the shopper's receipts assembled and verified now.
  admin.post('/:id/answer', async (c) => {
    const r = await open(c.req.param('id'));
    const body = requireObject(await readJsonBody(c.req.raw, MAX_ACTION_BODY_BYTES));
    let attachment = attachmentOf(body);
    if (body.assemble === true) {
      if (r.kind !== 'access') throw new HttpError(400, 'INVALID_REQUEST', 'assemble answers an access request (23.1) only');
      if (attachment) throw new HttpError(400, 'INVALID_REQUEST', 'assemble or attachment, not both');
      const bytes = await assembleAccessAnswer(ctx.store, r, await ctx.controllerJwks(), ctx.now());
      attachment = { name: `access-answer-${r.id}.json`, type: 'application/json', bytes };
    }
    const answer = text(body, 'text', false);
    if (answer === null && !attachment) throw new HttpError(400, 'ANSWER_REQUIRED', 'an answer is text, an attachment, or assemble: true');
    return c.json(await recorded(r.id, await ctx.store.rights.addEvent(event(r.id, 'answered', c.get('adminName'), { text: answer, ...(attachment ? { attachment } : {}) }))));
  });

  // Refuse: a reasoned refusal (26.7), so the reason is required.
  admin.post('/:id/refuse', async (c) => {
    const r = await record(c.req.param('id'));
    const body = requireObject(await readJsonBody(c.req.raw, 64 * 1024));
    const reason = text(body, 'reason', true, 'REASON_REQUIRED');
    return c.json(await recorded(r.id, await ctx.store.rights.addEvent(event(r.id, 'refused', c.get('adminName'), { text: reason }))));
  });

  // Done: for destruction (23.4), the erasure happens here, in the same transaction as the record of it.
  admin.post('/:id/done', async (c) => {
    const r = await open(c.req.param('id'));
    const body = requireObject(await readJsonBody(c.req.raw, 64 * 1024));
    const note = text(body, 'note', false);
    if (r.kind !== 'destruction') return c.json(await recorded(r.id, await ctx.store.rights.addEvent(event(r.id, 'done', c.get('adminName'), { text: note }))));
    const { ids, erasure } = await planErasure(ctx.store, r);
    return c.json(await recorded(r.id, await ctx.store.rights.erase(ids, { ...event(r.id, 'done', c.get('adminName'), { text: note }), erasure })));
  });

  // Extend: only where a law allows, so the legal basis is required; counted on from the current due day.
  admin.post('/:id/extend', async (c) => {
    const r = await record(c.req.param('id'));
    const body = requireObject(await readJsonBody(c.req.raw, 64 * 1024));
    const basis = text(body, 'legalBasis', true, 'LEGAL_BASIS_REQUIRED');
    const days = body.workingDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 30) throw new HttpError(400, 'INVALID_REQUEST', 'workingDays must be an integer from 1 to 30');
    const due = dueDate(Date.parse(`${r.currentDueDay}T12:00:00+05:00`), days, ctx.calendar);
    return c.json(await recorded(r.id, await ctx.store.rights.addEvent(event(r.id, 'extended', c.get('adminName'), { text: basis, dueDay: due.dueDay, dueByMs: Date.parse(due.dueBy) }))));
  });

  return admin;
}
