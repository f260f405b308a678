// GET {endpoint}/config decides which purposes are asked (the marketers' switch); the banner
// never waits for it beyond a short timeout. A stubbed fetch stands in for the network here; the
// real receiver is exercised end to end in test/e2e.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consentInternals, createConsent, memoryConsentStore } from '@artgrad/sdk';

const config = { mode: 'development' as const, endpoint: 'https://shop.example/api' };
const answer = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));

afterEach(() => vi.unstubAllGlobals());

describe('the backend configuration', () => {
  it('follows /config and caches it for the next load', async () => {
    const fetch = vi.fn((url: string) => (String(url).endsWith('/config') ? answer({ purposes: ['processing'], policy: { version: 'x', sha256: 'y' } }) : answer({ results: [] })));
    vi.stubGlobal('fetch', fetch);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = memoryConsentStore();
    const api = createConsent(config, { store });
    await api.ready();
    expect(consentInternals(api).requested()).toEqual(['processing']);
    expect(fetch).toHaveBeenCalledWith('https://shop.example/api/config', expect.objectContaining({ cache: 'no-cache' }));
    expect(JSON.parse((await store.meta('config'))!).purposes).toEqual(['processing']);
    // A stale embed (policy differs from what the backend expects) is flagged, not obeyed.
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('the backend expects x'));
  });

  it('uses the cached copy at once when the network hangs, and the bundled defaults after the timeout', async () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
    const store = memoryConsentStore();
    await store.setMeta('config', JSON.stringify({ purposes: ['processing'] }));
    const t0 = Date.now();
    const cached = createConsent(config, { store });
    await cached.ready();
    expect(Date.now() - t0).toBeLessThan(200);
    expect(consentInternals(cached).requested()).toEqual(['processing']);

    const fresh = createConsent(config, { store: memoryConsentStore() });
    const t1 = Date.now();
    await fresh.ready();
    expect(Date.now() - t1).toBeGreaterThanOrEqual(380);
    expect(Date.now() - t1).toBeLessThan(2000);
    expect(consentInternals(fresh).requested()).toEqual(['processing', 'dissemination']);
  });

  it('a bad clear rule in /config is reported once a page, though the cached copy and the fresh answer both carry it', async () => {
    const body = { purposes: ['processing', 'dissemination'], clear: { dissemination: { cookies: ['_vk'], bogus: ['x'] } } };
    vi.stubGlobal('fetch', vi.fn((url: string) => (String(url).endsWith('/config') ? answer(body) : answer({ results: [] }))));
    const store = memoryConsentStore();
    await store.setMeta('config', JSON.stringify(body));
    const api = createConsent(config, { store });
    const errors: string[] = [];
    api.on('error', (e) => errors.push(e.code));
    await api.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual(['CONFIG']);
  });

  it('ignores purposes it does not know', async () => {
    vi.stubGlobal('fetch', vi.fn(() => answer({ purposes: ['processing', 'telepathy'] })));
    const api = createConsent(config, { store: memoryConsentStore() });
    await api.ready();
    expect(consentInternals(api).requested()).toEqual(['processing']);
  });
});

describe('events', () => {
  it('fires receipt, change and sync for one decision, and on() unsubscribes', async () => {
    const transport = vi.fn(async (batch: readonly string[]) =>
      batch.map((jws) => ({ id: JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).consentReceiptID, status: 'stored' as const })),
    );
    const api = createConsent({ mode: 'development', transport }, { store: memoryConsentStore() });
    const seen: string[] = [];
    const offs = (['receipt', 'change', 'sync'] as const).map((type) => api.on(type, () => seen.push(type)));
    await consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');
    await expect.poll(() => seen.includes('sync')).toBe(true);
    expect(seen.slice(0, 2)).toEqual(['receipt', 'change']);
    for (const off of offs) off();
    const before = seen.length;
    await api.withdraw(); // nothing granted: no record, and no listener left anyway
    await consentInternals(api).decide({ dissemination: false }, null, 'kk');
    await api.flush();
    expect(seen.length).toBe(before);
  });
});
