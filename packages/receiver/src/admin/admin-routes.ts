import { Hono, type Context } from 'hono';
import { adminAuth } from './admin-auth.js';
import { queryPeriod, querySince, queryTzOffset } from './admin-query.js';
import { deviceHistories, principalOf, relatedKids } from '../state/consent-state.js';
import { currentState } from '../state/decision-events.js';
import { proofCsvStream } from './csv-stream.js';
import { dailyStats } from './daily-stats.js';
import { findHolders, proofRowOf, stateQuery, type ListQuery } from './holders.js';
import { parseCursor } from './list-cursor.js';
import type { StateListQuery, StateListRow } from '../store/state-sql.js';
import { HttpError } from '../http/http-error.js';
import { KID } from '../otp/otp-service.js';
import { SMALL_BODY_BYTES } from '../otp/otp-routes.js';
import { isRequested } from '../server/purposes.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { ReceiverContext } from '../http/receiver-context.js';
import { queryInteger, requireBoolean, requireObject } from '../http/request-input.js';
import { findWithdrawals } from './withdrawals.js';

export const MAX_PAGE = 500;
const MAX_DEVICES = 100;
const MAX_QUERY_LENGTH = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Offsets are for pagers that jump to a page; beyond this, pass the cursor. */
const MAX_OFFSET = 100_000;

type AdminEnv = { Variables: { adminName: string } };

/** A list as a CSV download, streamed page by page (see `proofCsvStream`) from `rows`. */
function csvResponse(c: Context, filename: string, timeColumn: string, query: ListQuery, rows: (page: Pick<StateListQuery, 'after' | 'offset' | 'limit'>) => Promise<StateListRow[]>): Response {
  const read = async (after: ListQuery['after'], offset: number, limit: number) => (await rows({ ...(after ? { after } : {}), offset, limit })).map(proofRowOf);
  return c.body(proofCsvStream(read, timeColumn, query), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}

/**
 * The marketers' API: which purposes the site asks for (each change recorded with who and when),
 * who holds a purpose now (with proofs) and how many, who withdrew since a date, decisions per
 * day, and one device's chain. Shaped for a console: every list takes `q`, `limit`, `cursor` (or
 * `offset`) and answers `{ total, items, nextCursor }`, and its CSV takes the same parameters and
 * lists the same rows. Every read goes by index over the state kept at ingest.
 */
export function adminRoutes(ctx: ReceiverContext): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  admin.use('*', adminAuth(ctx.adminNameOf));

  const purposeParam = (value: string | undefined): string => {
    if (value === undefined || value === '') throw new HttpError(400, 'INVALID_REQUEST', 'purpose is required');
    if (!ctx.catalogue.known.includes(value)) {
      throw new HttpError(404, 'UNKNOWN_PURPOSE', `${JSON.stringify(value.slice(0, 64))} is not in the purpose catalogue`);
    }
    return value;
  };

  // Lets a console check a token at sign-in and show whose it is; the name is what histories record.
  admin.get('/session', (c) => c.json({ name: c.get('adminName') }));

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

  const listQuery = (c: Context, defaultLimit: number, maxLimit: number): ListQuery => {
    const q = c.req.query('q');
    if (q !== undefined && q.length > MAX_QUERY_LENGTH) throw new HttpError(400, 'INVALID_REQUEST', `q must be at most ${MAX_QUERY_LENGTH} characters`);
    // PostgreSQL refuses NUL in text, and no id has control characters: said plainly, not as a 500.
    if (q !== undefined && CONTROL.test(q)) throw new HttpError(400, 'INVALID_REQUEST', 'q must not contain control characters');
    const after = parseCursor(c.req.query('cursor'));
    const offset = queryInteger(c.req.query('offset'), 'offset', 0, MAX_OFFSET);
    if (after && offset) throw new HttpError(400, 'INVALID_REQUEST', 'give cursor or offset, not both');
    return {
      ...(q ? { q } : {}),
      ...(after ? { after } : {}),
      limit: queryInteger(c.req.query('limit'), 'limit', defaultLimit, maxLimit),
      offset,
    };
  };

  admin.get('/holders', async (c) => {
    const purpose = purposeParam(c.req.query('purpose'));
    const page = await findHolders(ctx.store, purpose, listQuery(c, 100, MAX_PAGE));
    return c.json({ purpose, ...page });
  });

  admin.get('/holders.csv', async (c) => {
    const purpose = purposeParam(c.req.query('purpose'));
    // The export is the whole list unless the caller pages it.
    const query = listQuery(c, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const { after: _first, ...q } = await stateQuery(ctx.store, purpose, query);
    return csvResponse(c, `holders-${purpose}.csv`, 'consentTimestamp', query, (page) => ctx.store.holders({ ...q, ...page }));
  });

  admin.get('/holders/count', async (c) => {
    const purpose = purposeParam(c.req.query('purpose'));
    return c.json({ purpose, holders: await ctx.store.holdersTotal({ purpose }), asOf: new Date(ctx.now()).toISOString() });
  });

  const withdrawalsQuery = (c: Context, defaultLimit: number, maxLimit: number) => {
    const purpose = purposeParam(c.req.query('purpose'));
    const since = querySince(c.req.query('since'), queryTzOffset(c.req.query('tzOffset')));
    return { purpose, since, query: listQuery(c, defaultLimit, maxLimit) };
  };

  admin.get('/withdrawals', async (c) => {
    const { purpose, since, query } = withdrawalsQuery(c, 100, MAX_PAGE);
    return c.json({ purpose, since: new Date(since * 1000).toISOString(), ...(await findWithdrawals(ctx.store, purpose, since, query)) });
  });

  admin.get('/withdrawals.csv', async (c) => {
    const { purpose, since, query } = withdrawalsQuery(c, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const { after: _first, ...q } = await stateQuery(ctx.store, purpose, query);
    return csvResponse(c, `withdrawals-${purpose}.csv`, 'withdrawnAt', query, (page) => ctx.store.withdrawals({ ...q, since, ...page }));
  });

  admin.get('/stats/daily', async (c) => {
    const tzOffsetMinutes = queryTzOffset(c.req.query('tzOffset'));
    const purpose = c.req.query('purpose');
    return c.json(
      await dailyStats(ctx.store, ctx.catalogue, {
        ...queryPeriod(c.req.query('from'), c.req.query('to'), ctx.now(), tzOffsetMinutes),
        tzOffsetMinutes,
        ...(purpose === undefined ? {} : { purpose: purposeParam(purpose) }),
      }),
    );
  });

  admin.get('/principals/:kid/chain', async (c) => {
    const kid = c.req.param('kid');
    if (!KID.test(kid)) throw new HttpError(400, 'INVALID_REQUEST', 'kid must be a key thumbprint (43 characters of base64url)');
    const kids = await relatedKids(ctx.store, [kid]);
    const history = deviceHistories(await ctx.store.receiptsOfKids(kids)).find((h) => h.kids.includes(kid));
    if (!history) throw new HttpError(404, 'NOT_FOUND', 'no receipts for this key');
    const principal = principalOf(history);
    // The shopper's other devices, as the admin lists group them: keys whose latest customer id
    // is this one (a key once identified as this customer and later as another is not).
    const others = principal.subjectId === null ? [] : (await ctx.store.kidsIdentifiedAs(principal.subjectId)).filter((k) => !history.kids.includes(k));
    const devices = deviceHistories(await ctx.store.decisionRowsOfKids(others))
      .filter((h) => principalOf(h).subjectId === principal.subjectId)
      .map((h) => h.kids.at(-1)!)
      .sort()
      // Any key may claim a customer id: the answer stays bounded however many do.
      .slice(0, MAX_DEVICES);
    const state = Object.fromEntries(
      [...currentState(history)].map(([purpose, s]) => [purpose, { granted: s.granted, receiptId: s.proof.id }]),
    );
    return c.json({
      kids: history.kids,
      ...principal,
      devices,
      state,
      receipts: history.entries.map((row) => ({
        id: row.id,
        kid: row.kid,
        // The signed JWS itself: a console verifies it (and the countersignature) on its own
        // rather than take the fields beside it on the server's word.
        jws: row.jws,
        event: row.event,
        decisions: row.decisions,
        consentTimestamp: row.consentTimestamp,
        receivedAt: new Date(row.receivedAtMs).toISOString(),
        chainHash: row.chainHash,
        prev: row.prev,
        countersignature: row.countersignature,
      })),
      gaps: history.gaps,
      forks: history.forks,
    });
  });

  return admin;
}
