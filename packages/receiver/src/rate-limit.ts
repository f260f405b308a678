import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

/**
 * Public writes (`POST /receipts`, `/otp/*`) are open to anyone who can reach the receiver, so
 * each client gets a token bucket: `perMinute` requests, refilled continuously. Over it, 429 with
 * `Retry-After`; the SDK keeps the receipts in its outbox and sends them after that time, so a
 * limit delays receipts and never loses one. Per instance, in memory: a cap on load, not an
 * exact count across instances.
 */
export interface RateLimiter {
  /** Takes one request's token: 0 when allowed, else the whole seconds until one is free. */
  take(client: string): number;
  /** Clients tracked now (bounded by `maxClients`). */
  readonly size: number;
}

export function createRateLimiter({ perMinute, now, maxClients = 50_000 }: { perMinute: number; now: () => number; maxClients?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000);
    bucket.at = t;
  };
  return {
    take(client) {
      const t = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= maxClients) {
          // Full buckets carry no information: forget them first; if every client is mid-burst,
          // forget the oldest (Map order is insertion order), so memory stays bounded.
          for (const [key, b] of buckets) {
            refill(b, t);
            if (b.tokens >= perMinute) buckets.delete(key);
          }
          if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value!);
        }
        bucket = { tokens: perMinute, at: t };
        buckets.set(client, bucket);
      }
      refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      // Whole milliseconds first: 0.05 of a token must not come out as 1.0000000000000009 s.
      return Math.max(1, Math.ceil(Math.round(((1 - bucket.tokens) * 60_000) / perMinute) / 1000));
    },
    get size() {
      return buckets.size;
    },
  };
}

/**
 * Who is asking. Behind a reverse proxy (`trustProxy`), the address the proxy appended last to
 * `X-Forwarded-For` — earlier entries are whatever the client chose to send. Otherwise the TCP
 * peer as @hono/node-server exposes it; on other runtimes without either, one shared bucket.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function rateLimit(limiter: RateLimiter, trustProxy: boolean): MiddlewareHandler {
  return async (c, next) => {
    const wait = limiter.take(clientAddress(c, trustProxy));
    if (wait > 0) {
      throw new HttpError(429, 'RATE_LIMITED', `too many requests from this client; try again in ${wait} s`, { 'Retry-After': String(wait) });
    }
    await next();
  };
}
