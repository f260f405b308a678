import { BATCH_ENVELOPE_BYTES, MAX_BATCH_BYTES, MAX_BATCH_RECEIPTS, type ReceiptResult } from '@artgrad/receipt';
import { ConsentError } from './errors.js';

export type { ReceiptResult };

/** Sends one batch (within the protocol's limits, `@artgrad/receipt`'s `MAX_BATCH_*`) and resolves with one result per receipt. */
export type Transport = (batch: readonly string[]) => Promise<readonly ReceiptResult[]>;

/** A failed send that is worth repeating: network down, 5xx, 429 (with its Retry-After). */
export class RetryableError extends ConsentError {
  constructor(
    message: string,
    readonly retryAfterMs = 0,
    /** What to check, when the failure looks like one a site can fix (a CORS refusal); said once on the `error` event. */
    readonly hint?: string,
  ) {
    super('SYNC', message);
  }
}

/**
 * A fetch that got no answer at all. The browser does not say why (CORS is kept from scripts on
 * purpose), but online and to another origin, a refusal of this page's origin is the likely cause
 * a site can fix, so it is named, with what to check.
 */
function noAnswer(url: string, cause: unknown): RetryableError {
  const message = `network: ${(cause as Error).message}`;
  const origin = globalThis.location?.origin;
  let target: string | undefined;
  try {
    target = new URL(url, globalThis.location?.href).origin;
  } catch {
    target = undefined;
  }
  if (!origin || !target || target === origin || globalThis.navigator?.onLine === false) return new RetryableError(message);
  return new RetryableError(message, 0, `network or CORS refusal: ${target} gave this page no readable answer. If it is up, it must allow ${origin} (CORS; CORS_ORIGINS=${origin} on the reference receiver). Receipts stay queued.`);
}

/** Splits JWS strings into batches within the protocol's limits (count and body bytes). */
export function batches(receipts: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = BATCH_ENVELOPE_BYTES;
  for (const jws of receipts) {
    if (current.length && (current.length === MAX_BATCH_RECEIPTS || bytes + jws.length + 3 > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = BATCH_ENVELOPE_BYTES;
    }
    current.push(jws);
    bytes += jws.length + 3;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * POSTs JSON for the outbox: `keepalive`, so a send started just before the page goes away still
 * completes, and a timeout, since a backend that never answers would hold the sync lock (and
 * every tab's sync) forever. Network failures, 429 and 5xx throw `RetryableError`, with the
 * backend's Retry-After.
 */
export async function postForSync(url: string, body: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
      credentials: 'omit',
      signal: AbortSignal.timeout?.(30_000),
    });
  } catch (cause) {
    throw noAnswer(url, cause);
  }
  if (response.status === 429 || response.status >= 500) {
    // Seconds or an HTTP date; anything else means no explicit hold.
    const after = response.headers.get('retry-after') ?? '';
    // At most a day: a timer beyond ~24.8 days overflows and fires at once, a retry storm.
    throw new RetryableError(`HTTP ${response.status}`, Math.min(86_400_000, Math.max(0, Number(after) * 1000 || Date.parse(after) - Date.now() || 0)));
  }
  return response;
}

/** `postForSync` to `{endpoint}/receipts`. */
export function httpTransport(endpoint: string): Transport {
  return async (batch) => {
    const response = await postForSync(`${endpoint}/receipts`, { receipts: batch });
    const body = await response.json().catch(() => null);
    if (!response.ok || !Array.isArray(body?.results) || body.results.length !== batch.length) {
      throw new ConsentError('SYNC', `the backend answered HTTP ${response.status} without a result per receipt`);
    }
    return body.results;
  };
}

/** Delay before retry `attempt` (0-based): exponential backoff with full jitter, capped. */
export function backoff(attempt: number, retryAfterMs = 0, random = Math.random): number {
  return Math.max(retryAfterMs, random() * Math.min(300_000, 1000 * 2 ** attempt));
}

/** Sends with `navigator.sendBeacon` as `text/plain` (no CORS preflight), for a page going away. */
export function beacon(endpoint: string, receipts: readonly string[]): boolean {
  if (typeof navigator.sendBeacon !== 'function') return false;
  return batches(receipts).every((batch) =>
    navigator.sendBeacon(`${endpoint}/receipts`, new Blob([JSON.stringify({ receipts: batch })], { type: 'text/plain' })),
  );
}
