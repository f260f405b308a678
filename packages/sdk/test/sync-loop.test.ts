// The sync loop and the HTTP transport, in Node with the in-memory store and fake transports.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentError, consentInternals, createConsent, Emitter, httpTransport, memoryConsentStore, RetryableError, type ConsentEvents, type ReceiptResult, type SyncReport, type Transport } from '@artgrad/sdk';
import { createSyncLoop } from '../src/sync-loop.js';

const idOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).consentReceiptID as string;
const refuse = (api: ReturnType<typeof createConsent>) => consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');
const make = (transport: Transport) => {
  const store = memoryConsentStore();
  // Its own channel and lock names: no other test's instance hears this one.
  const api = createConsent({ mode: 'development', dbName: `sync-${crypto.randomUUID()}`, transport }, { store });
  const errors: ConsentError[] = [];
  const reports: SyncReport[] = [];
  api.on('error', (e) => errors.push(e));
  api.on('sync', (r) => reports.push(r));
  return { api, store, errors, reports };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the sync loop', () => {
  it('a successful flush ends a Retry-After backoff: the next decision is sent at once', async () => {
    const sent: string[] = [];
    let calls = 0;
    const { api, store, reports } = make(async (batch) => {
      if (calls++ === 0) throw new RetryableError('HTTP 503', 120_000);
      return batch.map((jws) => (sent.push(idOf(jws)), { id: idOf(jws), status: 'stored' as const }));
    });
    await refuse(api);
    await expect.poll(() => reports.some((r) => r.error === 'HTTP 503')).toBe(true);
    expect(await api.flush()).toMatchObject({ stored: 1, pending: 0 });
    const second = await refuse(api);
    await expect.poll(() => sent, { timeout: 1000 }).toContain(second.id);
    expect(await store.outbox()).toEqual([]);
  });

  it('a result missing for a receipt, or with an unknown status, is a retryable sync error', async () => {
    let calls = 0;
    const { api, store, errors, reports } = make(async (batch) => {
      calls++;
      if (calls === 1) return [];
      if (calls === 2) return batch.map((jws) => ({ id: idOf(jws), status: 'ok' }) as unknown as ReceiptResult);
      return batch.map((jws) => ({ id: idOf(jws), status: 'stored' as const }));
    });
    const record = await refuse(api);
    await expect.poll(() => calls).toBeGreaterThanOrEqual(1);
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toMatchObject({ code: 'SYNC', message: expect.stringContaining(record.id) });
    expect(reports[0]).toMatchObject({ stored: 0, pending: 1, error: expect.stringContaining(record.id) });
    // Retried (by the backoff timer or this flush) until a real answer comes.
    let report = await api.flush();
    for (let i = 0; i < 3 && report?.pending; i++) report = await api.flush();
    expect(report).toMatchObject({ pending: 0 });
    expect(errors.length).toBe(2);
    expect(await store.outbox()).toEqual([]);
  });

  it("never takes another receipt's result for one the backend did not name", async () => {
    const { api, store } = make(async (batch) => (batch.length > 1 ? [{ id: idOf(batch[1]!), status: 'stored' as const }] : []));
    await api.ready();
    const [a, b] = [await refuse(api), await refuse(api)];
    await api.flush();
    expect((await store.outbox()).map((e) => e.id)).toEqual([a.id]);
    expect((await api.receipts()).map((r) => r.status)).toEqual(['pending', 'acknowledged']);
    expect(b.id).toBeTruthy();
  });

  it('rebuilds the beacon mirror from the outbox, in chain order, after each pass', async () => {
    const store = memoryConsentStore();
    const api = createConsent({ mode: 'development', dbName: `sync-${crypto.randomUUID()}` }, { store });
    const made = [await refuse(api), await refuse(api), await refuse(api)];
    await store.acknowledge(made[1]!.id); // as another tab would
    const pending = new Map([['stale', 'x'], [made[2]!.id, made[2]!.jws], [made[0]!.id, made[0]!.jws]]);
    const loop = createSyncLoop({
      store: () => store,
      transport: async () => {
        throw new RetryableError('network: down');
      },
      lockName: 'mirror',
      pending,
      emitter: new Emitter<ConsentEvents>(),
      report() {},
    });
    expect(await loop.pass(false)).toMatchObject({ pending: 2 });
    expect([...pending.keys()]).toEqual([made[0]!.id, made[2]!.id]);
  });
});

describe('httpTransport', () => {
  it('gives up on a backend that never answers after 30 s, as a retryable error', async () => {
    const controller = new AbortController();
    const timeout = vi.spyOn(AbortSignal, 'timeout').mockReturnValue(controller.signal);
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    const sending = httpTransport('https://shop.test/api')(['a.b.c']);
    expect(timeout).toHaveBeenCalledWith(30_000);
    controller.abort(new DOMException('signal timed out', 'TimeoutError'));
    await expect(sending).rejects.toBeInstanceOf(RetryableError);
  });

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    const answer = (retryAfter: string) => {
      vi.stubGlobal('fetch', async () => new Response('{}', { status: 503, headers: { 'retry-after': retryAfter } }));
      return httpTransport('https://shop.test/api')(['a.b.c']).catch((e: RetryableError) => e.retryAfterMs);
    };
    expect(await answer('120')).toBe(120_000);
    const date = await answer(new Date(Date.now() + 120_000).toUTCString());
    expect(date).toBeGreaterThan(118_000);
    expect(date).toBeLessThanOrEqual(120_000);
    expect(await answer(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
    expect(await answer('soon')).toBe(0);
    // Capped at a day: a longer timer would overflow and fire at once, again and again.
    expect(await answer(new Date(Date.now() + 40 * 86_400_000).toUTCString())).toBe(86_400_000);
    expect(await answer(String(40 * 86_400))).toBe(86_400_000);
  });
});
