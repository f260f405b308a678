import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import { ingestReceipts } from './ingest-receipts.js';
import { readJsonBody } from './read-json-body.js';
import type { ReceiverContext } from './receiver-context.js';
import { requireObject } from './request-input.js';

/** The protocol's limits, shared with the SDK: at most 50 receipts and 60 KiB per POST. */
export const MAX_BATCH = 50;
/** The SDK packs batches up to 60,000 bytes; 60 KiB leaves it room for the JSON around them. */
export const MAX_BATCH_BYTES = 60 * 1024;

const RECEIPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body of `POST /receipts`, or the reason it is refused as a whole. */
export function parseReceiptBatch(body: unknown): string[] {
  const receipts = requireObject(body).receipts;
  if (receipts === undefined) throw new HttpError(400, 'INVALID_REQUEST', 'receipts is missing');
  if (!Array.isArray(receipts)) throw new HttpError(400, 'INVALID_REQUEST', 'receipts must be an array of strings');
  if (receipts.length > MAX_BATCH) {
    throw new HttpError(422, 'BATCH_TOO_LARGE', `at most ${MAX_BATCH} receipts per request, not ${receipts.length}`);
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
    });
    return c.json({ results });
  });

  app.get('/receipts/:id', async (c) => {
    const id = c.req.param('id');
    if (!RECEIPT_ID.test(id)) throw new HttpError(400, 'INVALID_REQUEST', 'the receipt id must be a UUID');
    const stored = await ctx.store.getReceipt(id);
    if (!stored) throw new HttpError(404, 'NOT_FOUND', 'no receipt with this id');
    return c.json({ receipt: stored.jws, countersignature: stored.countersignature });
  });
}
