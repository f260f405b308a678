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
 * Who is asking, or `null` when nobody can tell (then nothing is limited: one bucket for every
 * client would throttle a busy shop, not an attacker). Behind a reverse proxy (`trustProxy`), the
 * address the proxy appended last to `X-Forwarded-For` — earlier entries are whatever the client
 * chose to send. Otherwise the TCP peer as @hono/node-server exposes it.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = (trustProxy && c.req.header('x-forwarded-for')?.split(',').pop()?.trim()) || incoming?.socket?.remoteAddress;
  return address ? clientKey(address.slice(0, 64)) : null;
}

/**
 * IPv6 clients by their /64: one subscriber usually holds a whole /64, and keying single
 * addresses would give them 2^64 buckets. IPv4 (also IPv4-mapped) as it is.
 */
export function clientKey(address: string): string {
  const v4 = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (v4 || !address.includes(':')) return v4 ? v4[1]! : address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function rateLimit(limiter: RateLimiter, trustProxy: boolean, warn: (message: string) => void = () => {}): MiddlewareHandler {
  let warned = false;
  return async (c, next) => {
    if (!trustProxy && !warned && c.req.header('x-forwarded-for') !== undefined) {
      warned = true;
      warn('requests carry X-Forwarded-For but TRUST_PROXY is off: behind a proxy, every client shares its limit (set TRUST_PROXY=1)');
    }
    const client = clientAddress(c, trustProxy);
    const wait = client === null ? 0 : limiter.take(client);
    if (wait > 0) {
      throw new HttpError(429, 'RATE_LIMITED', `too many requests from this client; try again in ${wait} s`, { 'Retry-After': String(wait) });
    }
    await next();
  };
}
