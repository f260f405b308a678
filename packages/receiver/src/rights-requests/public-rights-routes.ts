import type { Hono } from 'hono';
import { deviceKidOf } from '../http/device-proof-auth.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { ReceiverContext } from '../http/receiver-context.js';
import { receiveRequest } from './receive-request.js';
import { parseEnvelope } from './request-envelope.js';
import { shopperView } from './shopper-view.js';
import { UUID } from '../http/request-input.js';

/** The signed request, details and a reply address, with room for JSON escapes. */
const MAX_ENVELOPE_BYTES = 24 * 1024;
/** A device's requests in one answer: far more than any shopper makes. */
const MAX_OWN_REQUESTS = 100;

/**
 * The shopper's side: send a request (signed by the device key), and read the device's own
 * requests and their answers with a device proof, so that nobody else can.
 */
export function registerRightsRoutes(app: Hono, ctx: ReceiverContext): void {
  app.post('/rights-requests', async (c) => {
    const envelope = parseEnvelope(await readJsonBody(c.req.raw, MAX_ENVELOPE_BYTES));
    const outcome = await receiveRequest(envelope, {
      store: ctx.store,
      calendar: ctx.calendar,
      controllerKey: ctx.controllerKey,
      keyRecorded: ctx.keyRecorded,
      now: ctx.now,
      maxFutureSkewSeconds: ctx.maxFutureSkewSeconds,
      warn: (message) => ctx.logger.info(message),
    });
    const r = outcome.request;
    return c.json(
      { status: outcome.status, id: r.id, ack: r.ack, receivedAt: new Date(r.receivedAtMs).toISOString(), dueDay: r.dueDay, dueBy: new Date(r.dueByMs).toISOString(), provisional: r.provisional },
      outcome.status === 'stored' ? 201 : 200,
    );
  });

  app.get('/rights-requests', async (c) => {
    const kid = await deviceKidOf(ctx, c.req.header('authorization'), 'GET', '/rights-requests');
    return c.json({ requests: (await ctx.store.rights.ofKid(kid, MAX_OWN_REQUESTS)).map(shopperView) });
  });

  app.get('/rights-requests/:id/events/:seq/attachment', async (c) => {
    const id = c.req.param('id');
    const seq = c.req.param('seq');
    if (!UUID.test(id) || !/^\d{1,15}$/.test(seq)) throw new HttpError(400, 'INVALID_REQUEST', 'a request id (UUID) and an event number');
    const kid = await deviceKidOf(ctx, c.req.header('authorization'), 'GET', `/rights-requests/${id}/events/${seq}/attachment`);
    const record = await ctx.store.rights.get(id);
    if (!record) throw new HttpError(404, 'NOT_FOUND', 'no request with this id');
    if (record.kid !== kid) throw new HttpError(403, 'NOT_YOUR_REQUEST', 'the proof was signed by another device key than this request');
    const file = await ctx.store.rights.attachment(id, Number(seq));
    if (!file) throw new HttpError(404, 'NOT_FOUND', 'no attachment on this event');
    return attachmentResponse(file);
  });
}

/** A stored answer as a download: its own type, never rendered by the browser in our origin. */
export function attachmentResponse(file: { name: string; type: string; bytes: Uint8Array }): Response {
  const ascii = file.name.replace(/[^\w.-]/g, '_').slice(0, 100) || 'answer';
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': file.type,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
