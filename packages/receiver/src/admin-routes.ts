import { Hono } from 'hono';
import { adminAuth, type AdminToken } from './admin-auth.js';
import { currentState, deviceHistories, principalOf, relatedKids } from './consent-state.js';
import { toCsv } from './csv.js';
import { findHolders, type HolderQuery } from './holders.js';
import { HttpError } from './http-error.js';
import { KID } from './otp-service.js';
import { SMALL_BODY_BYTES } from './otp-routes.js';
import { isRequested } from './purposes.js';
import { readJsonBody } from './read-json-body.js';
import type { ReceiverContext } from './receiver-context.js';
import { queryInteger, requireBoolean, requireObject } from './request-input.js';

export const MAX_PAGE = 500;
const MAX_QUERY_LENGTH = 200;

type AdminEnv = { Variables: { adminName: string } };

/**
 * The marketers' API: which purposes the site asks for (each change recorded with who and when),
 * who holds a purpose now (with proofs), and one device's chain. Shaped for a console: every
 * list takes `q`, `limit`, `offset` and answers `{ total, items }`.
 */
export function adminRoutes(ctx: ReceiverContext, tokens: readonly AdminToken[]): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  admin.use('*', adminAuth(tokens));

  const purposeParam = (value: string | undefined): string => {
    if (value === undefined || value === '') throw new HttpError(400, 'INVALID_REQUEST', 'purpose is required');
    if (!ctx.catalogue.known.includes(value)) {
      throw new HttpError(404, 'UNKNOWN_PURPOSE', `${JSON.stringify(value.slice(0, 64))} is not in the purpose catalogue`);
    }
    return value;
  };

  admin.get('/requests/:purpose', async (c) => {
    const purpose = purposeParam(c.req.param('purpose'));
    return c.json({ purpose, requested: await isRequested(ctx.store, ctx.catalogue, purpose) });
  });

  admin.put('/requests/:purpose', async (c) => {
    const purpose = purposeParam(c.req.param('purpose'));
    const requested = requireBoolean(requireObject(await readJsonBody(c.req.raw, SMALL_BODY_BYTES)), 'requested');
    if (!requested && ctx.catalogue.essential.has(purpose)) {
      throw new HttpError(409, 'PURPOSE_ESSENTIAL', `${purpose} is essential to the service and is always requested`);
    }
    // Recorded even when nothing changes: the history is of decisions made, and who made them.
    await ctx.store.recordRequestChange({ purpose, requested, changedBy: c.get('adminName'), changedAtMs: ctx.now() });
    return c.json({ purpose, requested });
  });

  admin.get('/requests/:purpose/history', async (c) => {
    const purpose = purposeParam(c.req.param('purpose'));
    const changes = await ctx.store.requestChanges(purpose);
    const items = changes
      .map((ch) => ({ requested: ch.requested, changedBy: ch.changedBy, changedAt: new Date(ch.changedAtMs).toISOString() }))
      .reverse();
    const limit = queryInteger(c.req.query('limit'), 'limit', 100, MAX_PAGE);
    const offset = queryInteger(c.req.query('offset'), 'offset', 0, 1e9);
    return c.json({ purpose, total: items.length, items: items.slice(offset, offset + limit) });
  });

  const holderQuery = (c: { req: { query(name: string): string | undefined } }, defaultLimit: number, maxLimit: number): HolderQuery => {
    const q = c.req.query('q');
    if (q !== undefined && q.length > MAX_QUERY_LENGTH) throw new HttpError(400, 'INVALID_REQUEST', `q must be at most ${MAX_QUERY_LENGTH} characters`);
    return {
      ...(q ? { q } : {}),
      limit: queryInteger(c.req.query('limit'), 'limit', defaultLimit, maxLimit),
      offset: queryInteger(c.req.query('offset'), 'offset', 0, 1e9),
    };
  };

  admin.get('/holders', async (c) => {
    const purpose = purposeParam(c.req.query('purpose'));
    const page = await findHolders(ctx.store, purpose, holderQuery(c, 100, MAX_PAGE));
    return c.json({ purpose, ...page });
  });

  admin.get('/holders.csv', async (c) => {
    const purpose = purposeParam(c.req.query('purpose'));
    // The export is the whole list unless the caller pages it.
    const page = await findHolders(ctx.store, purpose, holderQuery(c, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    const csv = toCsv([
      ['principal', 'subjectId', 'piiPrincipalId', 'kid', 'receiptId', 'consentTimestamp', 'receivedAt', 'countersignature'],
      ...page.items.map((h) => [
        h.principal,
        h.subjectId,
        h.piiPrincipalId,
        h.kid,
        h.receiptId,
        new Date(h.consentTimestamp * 1000).toISOString(),
        h.receivedAt,
        h.countersignature,
      ]),
    ]);
    // The BOM makes spreadsheet programs read the Cyrillic and Kazakh letters as UTF-8.
    return c.body(`\uFEFF${csv}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="holders-${purpose}.csv"`,
    });
  });

  admin.get('/principals/:kid/chain', async (c) => {
    const kid = c.req.param('kid');
    if (!KID.test(kid)) throw new HttpError(400, 'INVALID_REQUEST', 'kid must be a key thumbprint (43 characters of base64url)');
    const rows = await ctx.store.receiptsOfKids(await relatedKids(ctx.store, [kid]));
    const history = deviceHistories(rows).find((h) => h.kids.includes(kid));
    if (!history) throw new HttpError(404, 'NOT_FOUND', 'no receipts for this key');
    const state = Object.fromEntries(
      [...currentState(history)].map(([purpose, s]) => [purpose, { granted: s.granted, receiptId: s.proof.stored.id }]),
    );
    return c.json({
      kids: history.kids,
      ...principalOf(history),
      state,
      receipts: history.entries.map(({ stored, verified }) => ({
        id: stored.id,
        kid: stored.kid,
        event: stored.event,
        decisions: verified.payload.decisions,
        consentTimestamp: stored.consentTimestamp,
        receivedAt: new Date(stored.receivedAtMs).toISOString(),
        chainHash: stored.chainHash,
        prev: stored.prev,
        countersignature: stored.countersignature,
      })),
      gaps: history.gaps,
      forks: history.forks,
    });
  });

  return admin;
}
