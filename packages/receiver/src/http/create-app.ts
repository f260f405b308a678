import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { adminRoutes } from '../admin/admin-routes.js';
import { adminTokenNames, type AdminToken } from '../admin/admin-auth.js';
import type { ControllerKey } from '../controller/controller-key.js';
import type { CheckReceipts } from '../ingest/check-receipts.js';
import { errorBody, HttpError } from './http-error.js';
import type { OtpAdapter } from '../otp/otp-adapter.js';
import { registerOtpRoutes } from '../otp/otp-routes.js';
import { createOtpService } from '../otp/otp-service.js';
import { registerPublicRoutes } from './public-routes.js';
import { purposeCatalogue } from '../server/purposes.js';
import { createRateLimiter, rateLimit } from './rate-limit.js';
import { registerReceiptRoutes } from './receipts-routes.js';
import { calendarWarning, loadCalendar } from '../deadlines/load-calendar.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import { adminRightsRoutes } from '../rights-requests/admin-rights-routes.js';
import { registerRightsRoutes } from '../rights-requests/public-rights-routes.js';
import type { ReceiverContext, ReceiverLogger } from './receiver-context.js';
import type { Store } from '../store/store.js';
import type { ClearRules } from '@artgrad/receipt';
import type { JsonWebKey } from '../webcrypto-types.js';

export interface ReceiverOptions {
  /** An opened, migrated store (`openStore`, `openSqliteStore`, `openPostgresStore`). */
  store: Store;
  /** The controller's signing key (`importControllerKey`, `generateControllerKey`). */
  controllerKey: ControllerKey;
  /** Origins allowed to call from a browser (CORS). Default: none. */
  corsOrigins?: readonly string[];
  /** Bearer tokens of the admin API. Default: none (every admin request is 401). */
  adminTokens?: readonly AdminToken[];
  /** Delivers one-time codes. Without one, `/otp/*` answers 503 OTP_UNAVAILABLE. */
  otpAdapter?: OtpAdapter;
  /** One-time codes sent per minute by this instance, all addresses together (default 20). */
  otpMaxSendsPerMinute?: number;
  /** Requests per minute each client may make to `POST /receipts` and `/otp/*` (429 with
   * Retry-After beyond; the SDK retries). Default 600; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** Behind a reverse proxy: the client is the last `X-Forwarded-For` address. Default false. */
  trustProxy?: boolean;
  /** How far ahead of the receiver's clock a receipt's time may be. Default 300. */
  maxFutureSkewSeconds?: number;
  /** Purposes the site asks for until a marketer switches one, in order. Default `DEFAULT_REQUESTED`. */
  requestedPurposes?: readonly string[];
  /** The site's own purpose ids, added to the catalogue (`PURPOSES` ∪ `EXTRA_PURPOSES`). */
  customPurposes?: readonly string[];
  /** Verification and countersigning elsewhere (`createCryptoPool(n, key).check`); default: in this thread. */
  checkReceipts?: CheckReceipts;
  /** Per purpose, cookies and storage keys the SDK clears when it is refused or withdrawn, served in `GET /config` (`CLEAR_RULES`). */
  clearRules?: Readonly<Record<string, ClearRules>>;
  /** Kazakh working days for rights-request deadlines (`loadCalendar(path)`). Default: the calendar this package ships. */
  calendar?: WorkingCalendar;
  /** The clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  logger?: ReceiverLogger;
}

export const consoleLogger: ReceiverLogger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

/**
 * The receiver as a Hono app: a `fetch` handler that runs on Node (`startReceiver`), or on any
 * runtime Hono supports given a `Store` that works there.
 */
export function createReceiverApp(options: ReceiverOptions): Hono {
  const { store, controllerKey } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? consoleLogger;
  const catalogue = purposeCatalogue({
    ...(options.requestedPurposes ? { requested: options.requestedPurposes } : {}),
    ...(options.customPurposes ? { custom: options.customPurposes } : {}),
  });
  const maxFutureSkewSeconds = options.maxFutureSkewSeconds ?? 300;
  if (!Number.isSafeInteger(maxFutureSkewSeconds) || maxFutureSkewSeconds < 0) {
    throw new Error('maxFutureSkewSeconds must be a non-negative integer');
  }

  // Recorded before the first countersignature, so the JWKS keeps every key that ever signed.
  let recorded: Promise<void> | undefined;
  const keyRecorded = () =>
    (recorded ??= store.addControllerKey({ kid: controllerKey.kid, jwk: controllerKey.publicJwk, addedAtMs: now() }).catch((error) => {
      recorded = undefined;
      throw error;
    }));
  const current = { ...controllerKey.publicJwk, kid: controllerKey.kid, alg: 'ES256', use: 'sig' };
  const controllerJwks = async (): Promise<JsonWebKey[]> => [
    current,
    ...(await store.controllerKeys())
      .filter((k) => k.kid !== controllerKey.kid)
      .map((k) => ({ ...k.jwk, kid: k.kid, alg: 'ES256', use: 'sig' })),
  ];

  const calendar = options.calendar ?? loadCalendar();
  const warning = calendarWarning(calendar, now());
  if (warning) logger.info(`warning: ${warning}`);

  const ctx: ReceiverContext = {
    calendar,
    ...(options.clearRules ? { clearRules: options.clearRules } : {}),
    store,
    controllerKey,
    catalogue,
    otp: createOtpService({
      store,
      controllerKey,
      adapter: options.otpAdapter,
      now,
      ...(options.otpMaxSendsPerMinute === undefined ? {} : { maxSendsPerMinute: options.otpMaxSendsPerMinute }),
    }),
    now,
    maxFutureSkewSeconds,
    logger,
    controllerJwks,
    keyRecorded,
    adminNameOf: adminTokenNames(options.adminTokens ?? []),
    ...(options.checkReceipts ? { checkReceipts: options.checkReceipts } : {}),
  };

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    // Receipts and admin answers carry personal data: no cache keeps them unless a route says so.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use(
    '*',
    cors({
      origin: [...(options.corsOrigins ?? [])],
      allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );

  const perMinute = options.rateLimitPerMinute ?? 600;
  if (!Number.isSafeInteger(perMinute) || perMinute < 0) throw new Error('rateLimitPerMinute must be a non-negative integer');
  if (perMinute > 0) {
    // One bucket per client for every public write: receipts, one-time codes and rights requests together.
    const limit = rateLimit(createRateLimiter({ perMinute, now }), options.trustProxy ?? false, (message) => logger.info(message));
    for (const path of ['/receipts', '/otp/*', '/rights-requests']) app.use(path, (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()));
  }

  registerPublicRoutes(app, ctx);
  registerReceiptRoutes(app, ctx);
  registerOtpRoutes(app, ctx);
  registerRightsRoutes(app, ctx);
  app.route('/admin/rights-requests', adminRightsRoutes(ctx));
  app.route('/admin', adminRoutes(ctx));

  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    logger.error(`unexpected error on ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`, error);
    return c.json(errorBody('INTERNAL', 'internal error'), 500);
  });
  return app;
}
