import { MAX_BATCH_BYTES, MAX_BATCH_RECEIPTS } from '@artgrad/receipt';
import { deviceKidOf, isDeviceProof } from './device-proof-auth.js';
import type { Hono } from 'hono';
import { adminUnauthorized } from '../admin/admin-auth.js';
import { HttpError } from './http-error.js';
import { ingestReceipts } from '../ingest/ingest-receipts.js';
import { readJsonBody } from './read-json-body.js';
import type { ReceiverContext } from './receiver-context.js';
import { requireObject, UUID } from './request-input.js';
import type { StoredReceipt } from '../store/store.js';

// The protocol's limits are `@artgrad/receipt`'s, the SDK's too: it packs batches within them.


/** The body of `POST /receipts`, or the reason it is refused as a whole. */
export function parseReceiptBatch(body: unknown): string[] {
  const receipts = requireObject(body).receipts;
  if (receipts === undefined) throw new HttpError(400, 'INVALID_REQUEST', 'receipts is missing');
  if (!Array.isArray(receipts)) throw new HttpError(400, 'INVALID_REQUEST', 'receipts must be an array of strings');
  if (receipts.length > MAX_BATCH_RECEIPTS) {
    throw new HttpError(422, 'BATCH_TOO_LARGE', `at most ${MAX_BATCH_RECEIPTS} receipts per request, not ${receipts.length}`);
  }
  // Array.from visits holes (JSON has none, but the check costs nothing and says what it means).
  if (!Array.from(receipts).every((r) => typeof r === 'string')) {
    throw new HttpError(400, 'INVALID_REQUEST', 'receipts must be an array of strings');
  }
  return receipts as string[];
}

export function registerReceiptRoutes(app: Hono, ctx: ReceiverContext): void {
  app.post('/receipts', async (c) => {
    const receipts = parseReceiptBatch(await readJsonBody(c.req.raw, MAX_BATCH_BYTES));
    const results = await ingestReceipts(receipts, {
      store: ctx.store,
      controllerKey: ctx.controllerKey,
      controllerJwks: ctx.controllerJwks,
      keyRecorded: ctx.keyRecorded,
      now: ctx.now,
      maxFutureSkewSeconds: ctx.maxFutureSkewSeconds,
      knownPurposes: ctx.catalogue.known,
      onUnexpectedError: (error) => ctx.logger.error('unexpected error while verifying a receipt', error),
      ...(ctx.checkReceipts ? { check: ctx.checkReceipts } : {}),
    });
    return c.json({ results });
  });

  app.get('/receipts/:id', async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) throw new HttpError(400, 'INVALID_REQUEST', 'the receipt id must be a UUID');
    const authorization = c.req.header('authorization');
    const readable = await readableReceipt(ctx, id, authorization, c.req.method);
    if (readable) return c.json({ receipt: readable.jws, countersignature: readable.countersignature });
    // Without proof of who asks, no more than the fact a receipt is stored and countersigned: the
    // receipt carries personal data (principal and customer ids, decisions), and anyone who saw
    // an id (a page script, a log, the shop's backend) could otherwise read it.
    const stored = await ctx.store.getReceipt(id);
    if (!stored) throw new HttpError(404, 'NOT_FOUND', 'no receipt with this id');
    return c.json({ id, countersigned: true });
  });
}

/**
 * The stored receipt a caller may read in full: any, with an admin token; the device's own, with
 * a proof signed by its key for this request (a receipt of the device kept under `<id>#<kid>`
 * too). Undefined without an `Authorization` header; 401/403 for a wrong one, never a fallback.
 */
async function readableReceipt(ctx: ReceiverContext, id: string, authorization: string | undefined, method: string): Promise<StoredReceipt | undefined> {
  if (authorization === undefined) return undefined;
  if (isDeviceProof(authorization)) {
    const kid = await deviceKidOf(ctx, authorization, method, `/receipts/${id}`);
    const stored = await ctx.store.getReceipts([id, `${id}#${kid}`]);
    const own = stored.find((r) => r.kid === kid);
    if (own) return own;
    if (stored.length) throw new HttpError(403, 'NOT_YOUR_RECEIPT', 'the proof was signed by another device key than this receipt');
    throw new HttpError(404, 'NOT_FOUND', 'no receipt with this id');
  }
  if (ctx.adminNameOf(authorization) === undefined) throw adminUnauthorized();
  const stored = await ctx.store.getReceipt(id);
  if (!stored) throw new HttpError(404, 'NOT_FOUND', 'no receipt with this id');
  return stored;
}
