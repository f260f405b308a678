import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { clientKey, createRateLimiter, startReceiver, type RunningReceiver } from '../src/index.js';
import { createDevice, payloadOf } from './fixtures/device.js';
import { createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('createRateLimiter', () => {
  it('allows perMinute at once, then one per 60/perMinute seconds, per client', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20); // a token every 20 s
    expect(limiter.take('b')).toBe(0); // another client is not held back
    now += 19_000;
    expect(limiter.take('a')).toBe(1);
    now += 1_000;
    expect(limiter.take('a')).toBe(0);
    now += 10 * 60_000; // refills up to perMinute, not beyond
    expect([0, 1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0, 20]);
  });

  it('keeps memory bounded: idle clients go first, then the oldest', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, now: () => now, maxClients: 3 });
    for (const c of ['a', 'b', 'c']) limiter.take(c);
    now += 60_000; // a, b and c are full again: forgotten for d
    limiter.take('d');
    expect(limiter.size).toBe(1);
    for (const c of ['e', 'f']) limiter.take(c);
    limiter.take('g'); // d, e, f are all mid-burst: the oldest (d) goes
    expect(limiter.size).toBe(3);
    expect(limiter.take('d')).toBe(0); // d starts over with a full bucket
  });
});

describe('clientKey', () => {
  it('keys IPv4 as it is and IPv6 by its /64', () => {
    expect(clientKey('10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff::9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe.each(STORE_KINDS)('POST /receipts and /otp/* are rate limited per client ($name)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  const post = (receipts: string[], from?: string) =>
    Promise.resolve(
      h.app.request('/receipts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
        body: JSON.stringify({ receipts }),
      }),
    );

  it('answers 429 RATE_LIMITED with Retry-After over the limit; the receipt is stored once it is sent again', async () => {
    h = await createHarness(kind, { rateLimitPerMinute: 2, trustProxy: true });
    h.clock.now = Date.now();
    const device = await createDevice();
    const [first, second, third] = [await device.sign(), await device.sign(), await device.sign()];
    expect((await results(await post([first!], '10.0.0.1')))[0]!.status).toBe('stored');
    expect((await results(await post([second!], '10.0.0.1')))[0]!.status).toBe('stored');
    const limited = await post([third!], '10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(await h.store.getReceipt(payloadOf(third!).consentReceiptID)).toBeUndefined();
    // The proxy appends the real client last: what the client wrote before it does not count.
    expect((await post([], '10.0.0.1, 10.0.0.2')).status).toBe(200);
    expect((await post([], 'spoofed, 10.0.0.1')).status).toBe(429);
    // One-time codes share the client's bucket; reads are not limited.
    expect((await h.postJson('/otp/send', { channel: 'sms', to: '+77010000001' }, { 'x-forwarded-for': '10.0.0.1' })).status).toBe(429);
    expect((await h.app.request('/config', { headers: { 'x-forwarded-for': '10.0.0.1' } })).status).toBe(200);
    // After Retry-After, the same receipt goes through (the SDK keeps it in its outbox meanwhile).
    h.clock.now += 30_000;
    expect((await results(await post([third!], '10.0.0.1')))[0]!.status).toBe('stored');
  });

  it('limits nobody it cannot tell apart (no socket, no trusted proxy)', async () => {
    h = await createHarness(kind, { rateLimitPerMinute: 1 });
    for (let i = 0; i < 3; i++) expect((await post([])).status).toBe(200);
  });
});

describe('the Node server limits by the TCP peer', () => {
  let receiver: RunningReceiver | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'artgrad-rate-'));
  const logged: string[] = [];
  afterEach(async () => {
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // From a chosen local address: 127.0.0.1 and 127.0.0.2 are two peers on Linux's loopback /8.
  const post = (from: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
      const url = new URL(`${receiver!.url}/receipts`);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }));
        },
      );
      req.on('error', reject);
      req.end('{"receipts":[]}');
    });

  it('one bucket per peer address; X-Forwarded-For is not believed (and said once) without trustProxy', async () => {
    receiver = await startReceiver({ port: 0, dataDir: dir, development: true, rateLimitPerMinute: 1, logger: { info: (m) => logged.push(m), error: () => {} } });
    expect((await post('127.0.0.1')).status).toBe(200);
    const limited = await post('127.0.0.1', { 'x-forwarded-for': '10.9.9.9' });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await post('127.0.0.2')).status).toBe(200);
    await post('127.0.0.2', { 'x-forwarded-for': '10.9.9.8' });
    expect(logged.filter((m) => m.includes('TRUST_PROXY is off'))).toHaveLength(1);
  });
});
