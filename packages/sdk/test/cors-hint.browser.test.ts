// A backend on another origin that refuses this page (CORS) gives the browser no readable answer,
// and the browser will not say why: the SDK names the likely cause once, on the `error` event,
// and keeps the receipt queued.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentError, consentInternals, createConsent } from '@artgrad/sdk';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a sync refused by CORS', () => {
  it('is said once, naming the origin to allow, and the receipt stays queued', async () => {
    const endpoint = `https://${crypto.randomUUID()}.test/api`;
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input).startsWith(endpoint)) return realFetch(input, init);
      throw new TypeError('Failed to fetch');
    });
    const api = createConsent({ mode: 'development', dbName: `test-${crypto.randomUUID()}`, endpoint });
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');
    await api.flush();
    await api.flush();
    const cors = errors.filter((e) => /CORS/.test(e.message));
    expect(cors).toHaveLength(1);
    expect(cors[0]!.code).toBe('SYNC');
    expect(cors[0]!.message).toContain(`must allow ${location.origin}`);
    expect(cors[0]!.message).toContain(new URL(endpoint).origin);
    expect((await api.receipts()).map((r) => r.status)).toEqual(['pending']);
  });
});
