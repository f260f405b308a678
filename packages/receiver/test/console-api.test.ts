// The admin endpoints the marketer console stands on: the live count, "withdrawn since", daily
// statistics, CSV exports that list exactly the rows of their list, and a chain a browser can
// verify on its own. Every one against SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain, verifyCountersignature, verifyReceipt } from '@artgrad/receipt';
import { createDevice, payloadOf } from './fixtures/device.js';
import { createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

// A fixed day in the past: receipts may be old, never ahead of the receiver's clock.
const JUNE_10 = Date.UTC(2025, 5, 10, 6, 0, 0); // 11:00 in Almaty (UTC+5)
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BOTH = { processing: true, dissemination: true };
const idOf = (jws: string) => payloadOf(jws).consentReceiptID as string;

interface Row {
  principal: string;
  subjectId: string | null;
  kid: string;
  receiptId: string;
  consentTimestamp: number;
  receivedAt: string;
  countersignature: string;
}
interface ListBody {
  total: number;
  items: Row[];
}

describe.each(STORE_KINDS)('console endpoints ($name)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(kind);
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await h.admin(path);
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return (await response.json()) as T;
  };
  const csvLines = async (path: string) => {
    const response = await h.admin(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    return text.slice(1).trimEnd().split('\r\n');
  };
  /** n shoppers granting both purposes, one a minute apart, identified as customer-0… */
  const grantMany = async (n: number, at = JUNE_10) => {
    const devices = [];
    for (let i = 0; i < n; i++) {
      const device = await createDevice();
      await results(await h.post([await device.sign({ timeMs: at + i * 60_000, decisions: BOTH, subjectId: `customer-${i}` })]));
      devices.push(device);
    }
    return devices;
  };

  describe('GET /admin/holders/count', () => {
    it('counts current holders live: a withdrawal lowers it at once, a refusal never raises it', async () => {
      h.clock.now = JUNE_10 + DAY;
      const count = async () => (await getJson<{ purpose: string; holders: number; asOf: string }>('/admin/holders/count?purpose=dissemination'));
      expect(await count()).toEqual({ purpose: 'dissemination', holders: 0, asOf: new Date(JUNE_10 + DAY).toISOString() });
      const [first] = await grantMany(3);
      await results(await h.post([await (await createDevice()).sign({ timeMs: JUNE_10 })]));
      expect((await count()).holders).toBe(3);
      await results(await h.post([await first!.sign({ timeMs: JUNE_10 + HOUR, event: 'withdrawn', decisions: { dissemination: false } })]));
      expect((await count()).holders).toBe(2);
      // The same number the list reports as its total.
      expect((await getJson<ListBody>('/admin/holders?purpose=dissemination&limit=0')).total).toBe(2);
    });

    it('needs a known purpose and a token', async () => {
      expect((await h.admin('/admin/holders/count')).status).toBe(400);
      expect((await h.admin('/admin/holders/count?purpose=telepathy')).status).toBe(404);
      expect((await h.app.request('/admin/holders/count?purpose=dissemination')).status).toBe(401);
    });
  });

  describe('CSV lists exactly the rows of its list', () => {
    it('holders: the same q, limit and offset give the same rows, in the same order', async () => {
      await grantMany(7);
      for (const query of ['', '&q=customer-1', '&limit=3&offset=2', '&q=CUSTOMER&limit=2&offset=4', '&q=nobody']) {
        const list = await getJson<ListBody>(`/admin/holders?purpose=dissemination${query}`);
        const lines = await csvLines(`/admin/holders.csv?purpose=dissemination${query}`);
        expect(lines[0]).toBe('principal,subjectId,piiPrincipalId,kid,receiptId,consentTimestamp,receivedAt,countersignature');
        expect(lines.slice(1).map((l) => l.split(',')[4]), query).toEqual(list.items.map((i) => i.receiptId));
        expect(lines.slice(1).map((l) => l.split(',')[0]), query).toEqual(list.items.map((i) => i.principal));
      }
    });

    it('the list is bounded (limit ≤ 500), the export is whole unless paged', async () => {
      expect((await h.admin('/admin/holders?purpose=dissemination&limit=501')).status).toBe(400);
      expect((await h.admin('/admin/holders.csv?purpose=dissemination&limit=501')).status).toBe(200);
      expect((await h.admin(`/admin/holders.csv?purpose=dissemination&q=${'x'.repeat(201)}`)).status).toBe(400);
    });
  });

  describe('GET /admin/withdrawals', () => {
    it('lists who withdrew since a date and still does not hold it, newest first, with proof', async () => {
      const [a, b, c, d] = await grantMany(4);
      // a withdrew before the date; b and c after it; c then granted again; d never withdrew.
      const wa = await a!.sign({ timeMs: JUNE_10 + 2 * HOUR, event: 'withdrawn', decisions: { dissemination: false } });
      const wb = await b!.sign({ timeMs: JUNE_10 + 3 * DAY, event: 'withdrawn', decisions: { dissemination: false } });
      const wc = await c!.sign({ timeMs: JUNE_10 + 4 * DAY, event: 'withdrawn', decisions: { dissemination: false } });
      const regrant = await c!.sign({ timeMs: JUNE_10 + 5 * DAY, event: 'updated', decisions: BOTH });
      // d, in an `updated` receipt that keeps processing: still a withdrawal of dissemination.
      const wd = await d!.sign({ timeMs: JUNE_10 + 6 * DAY, event: 'updated', decisions: { processing: true, dissemination: false } });
      await results(await h.post([wa, wb, wc, regrant, wd]));

      const body = await getJson<ListBody & { purpose: string; since: string }>('/admin/withdrawals?purpose=dissemination&since=2025-06-11');
      expect(body.purpose).toBe('dissemination');
      // Midnight in Almaty is 19:00 UTC the day before.
      expect(body.since).toBe('2025-06-10T19:00:00.000Z');
      expect(body.items.map((i) => i.receiptId)).toEqual([idOf(wd), idOf(wb)]);
      expect(body.total).toBe(2);
      expect(body.items[1]).toMatchObject({ principal: 'customer-1', subjectId: 'customer-1', kid: b!.kid, consentTimestamp: Math.floor((JUNE_10 + 3 * DAY) / 1000) });
      const jwks = (await (await h.app.request('/.well-known/jwks.json')).json()) as { keys: JsonWebKey[] };
      await verifyCountersignature(body.items[1]!.countersignature, jwks.keys, wb);

      // From an earlier date, a's withdrawal is in too; the re-granted c never is.
      const all = await getJson<ListBody>('/admin/withdrawals?purpose=dissemination&since=2025-06-01');
      expect(all.items.map((i) => i.principal)).toEqual(['customer-3', 'customer-1', 'customer-0']);
      // processing was never withdrawn by anyone.
      expect((await getJson<ListBody>('/admin/withdrawals?purpose=processing&since=2025-01-01')).total).toBe(0);
    });

    it('since: a date at the offset or an ISO date-time; q, limit, offset; CSV with the same rows', async () => {
      const devices = await grantMany(5);
      for (const [i, device] of devices.entries()) {
        await results(await h.post([await device.sign({ timeMs: JUNE_10 + DAY + i * HOUR, event: 'withdrawn', decisions: { dissemination: false } })]));
      }
      const at = (query: string) => getJson<ListBody>(`/admin/withdrawals?purpose=dissemination&${query}`);
      // Withdrawals at 06:00…10:00 UTC on June 11.
      expect((await at('since=2025-06-11T08:00:00Z')).total).toBe(3);
      expect((await at('since=2025-06-11T13:00:00%2B05:00')).total).toBe(3);
      expect((await at('since=2025-06-12')).total).toBe(0);
      // Midnight of June 12 at UTC+14 is 10:00 UTC on June 11: the last one only.
      expect((await at('since=2025-06-12&tzOffset=840')).total).toBe(1);
      const page = await at('since=2025-06-01&limit=2&offset=1');
      expect(page.total).toBe(5);
      expect(page.items.map((i) => i.principal)).toEqual(['customer-3', 'customer-2']);
      expect((await at('since=2025-06-01&q=customer-4')).items.map((i) => i.principal)).toEqual(['customer-4']);

      for (const query of ['since=2025-06-01', 'since=2025-06-01&q=customer-2', 'since=2025-06-01&limit=2&offset=1']) {
        const list = await at(query);
        const lines = await csvLines(`/admin/withdrawals.csv?purpose=dissemination&${query}`);
        expect(lines[0]).toBe('principal,subjectId,piiPrincipalId,kid,receiptId,withdrawnAt,receivedAt,countersignature');
        expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(list.items.map((i) => i.receiptId));
      }
    });

    it('refuses a missing, malformed or impossible since, a bad offset, and no token', async () => {
      for (const query of ['', 'since=', 'since=yesterday', 'since=2025-02-30', 'since=2025-06-11T08:00:00', `since=${'2'.repeat(41)}`, 'since=2025-06-11&tzOffset=900', 'since=2025-06-11&tzOffset=5.5', 'since=2025-06-11&limit=501']) {
        const response = await h.admin(`/admin/withdrawals?purpose=dissemination&${query}`);
        expect(response.status, query).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
      }
      expect((await h.admin('/admin/withdrawals?purpose=telepathy&since=2025-06-11')).status).toBe(404);
      expect((await h.app.request('/admin/withdrawals?purpose=dissemination&since=2025-06-11')).status).toBe(401);
      expect((await h.app.request('/admin/withdrawals.csv?purpose=dissemination&since=2025-06-11')).status).toBe(401);
    });
  });

  describe('a shopper the shop identified on several devices is one shopper', () => {
    const withdrawnSince = (since: string) => getJson<ListBody>(`/admin/withdrawals?purpose=dissemination&since=${since}`);
    const holders = () => getJson<ListBody>('/admin/holders?purpose=dissemination');

    it('a refusal confirmed on the laptop after a grant on the phone withdraws it: out of the holders, into the withdrawals and the chart', async () => {
      h.clock.now = JUNE_10 + 2 * DAY;
      const phone = await createDevice();
      const laptop = await createDevice();
      const grant = await phone.sign({ timeMs: JUNE_10, decisions: BOTH, subjectId: 'customer-7' });
      await results(await h.post([grant]));
      expect((await holders()).items.map((r) => [r.principal, r.receiptId])).toEqual([['customer-7', idOf(grant)]]);

      const refusal = await laptop.sign({ timeMs: JUNE_10 + DAY, event: 'refused', decisions: { processing: true, dissemination: false }, subjectId: 'customer-7' });
      await results(await h.post([refusal]));
      expect((await holders()).total).toBe(0);
      expect((await getJson<{ holders: number }>('/admin/holders/count?purpose=dissemination')).holders).toBe(0);
      const out = await withdrawnSince('2025-06-10');
      expect(out.items.map((r) => [r.principal, r.kid, r.receiptId])).toEqual([['customer-7', laptop.kid, idOf(refusal)]]);
      const chart = await getJson<{ purposes: { purpose: string; totals: Record<string, number> }[] }>('/admin/stats/daily?from=2025-06-10&to=2025-06-11&purpose=dissemination');
      expect(chart.purposes[0]!.totals).toEqual({ given: 1, refused: 0, updated: 0, withdrawn: 1 });

      // Granted again on the phone, later: a holder again, proved by that receipt.
      const again = await phone.sign({ timeMs: JUNE_10 + DAY + HOUR, event: 'updated', decisions: BOTH });
      await results(await h.post([again]));
      expect((await holders()).items.map((r) => [r.principal, r.receiptId])).toEqual([['customer-7', idOf(again)]]);
      expect((await withdrawnSince('2025-06-10')).total).toBe(0);
    });

    it("identify() on another device restates that device's own decisions: it withdraws nothing", async () => {
      h.clock.now = JUNE_10 + 2 * DAY;
      const phone = await createDevice();
      const laptop = await createDevice();
      await results(await h.post([await laptop.sign({ timeMs: JUNE_10, event: 'refused', decisions: { processing: false, dissemination: false } })]));
      const grant = await phone.sign({ timeMs: JUNE_10 + HOUR, decisions: BOTH, subjectId: 'customer-7' });
      await results(await h.post([grant]));
      // The shopper signs in on the laptop: its identified receipt repeats the laptop's old refusal.
      await results(await h.post([await laptop.sign({ timeMs: JUNE_10 + DAY, event: 'identified', decisions: { processing: false, dissemination: false }, subjectId: 'customer-7' })]));
      expect((await holders()).items.map((r) => [r.principal, r.receiptId])).toEqual([['customer-7', idOf(grant)]]);
      expect((await withdrawnSince('2025-06-01')).total).toBe(0);
    });

    it("each device's chain names the shopper's other devices, and only those still identified as that customer", async () => {
      h.clock.now = JUNE_10 + 2 * DAY;
      const [phone, laptop, moved, stranger] = await Promise.all([createDevice(), createDevice(), createDevice(), createDevice()]);
      await results(await h.post([await phone.sign({ timeMs: JUNE_10, decisions: BOTH, subjectId: 'customer-9' })]));
      await results(await h.post([await laptop.sign({ timeMs: JUNE_10 + HOUR, decisions: BOTH, subjectId: 'customer-9' })]));
      // Identified as customer-9 once, then as another customer: no longer one of customer-9's devices.
      await results(await h.post([await moved.sign({ timeMs: JUNE_10, decisions: BOTH, subjectId: 'customer-9' })]));
      await results(await h.post([await moved.sign({ timeMs: JUNE_10 + HOUR, event: 'identified', decisions: BOTH, subjectId: 'customer-10' })]));
      await results(await h.post([await stranger.sign({ timeMs: JUNE_10, decisions: BOTH })]));
      const devicesOf = async (kid: string) => (await getJson<{ devices: string[] }>(`/admin/principals/${kid}/chain`)).devices;
      expect(await devicesOf(phone.kid)).toEqual([laptop.kid]);
      expect(await devicesOf(laptop.kid)).toEqual([phone.kid]);
      expect(await devicesOf(moved.kid)).toEqual([]);
      expect(await devicesOf(stranger.kid)).toEqual([]);
    });

    it('two devices granting are one holder, proved by the later grant; devices never identified stay apart', async () => {
      h.clock.now = JUNE_10 + 2 * DAY;
      const phone = await createDevice();
      const laptop = await createDevice();
      await results(await h.post([await phone.sign({ timeMs: JUNE_10, decisions: BOTH, subjectId: 'customer-8' })]));
      const later = await laptop.sign({ timeMs: JUNE_10 + HOUR, decisions: BOTH, subjectId: 'customer-8' });
      await results(await h.post([later]));
      // Two unidentified keys that claim one piiPrincipalId: neither can speak for the other.
      const original = await createDevice({ principalId: 'device:shared' });
      const copycat = await createDevice({ principalId: 'device:shared' });
      const originalGrant = await original.sign({ timeMs: JUNE_10, decisions: BOTH });
      await results(await h.post([originalGrant]));
      await results(await h.post([await copycat.sign({ timeMs: JUNE_10 + HOUR, event: 'refused', decisions: { processing: false, dissemination: false } })]));
      const list = await holders();
      expect(list.items.map((r) => [r.principal, r.kid, r.receiptId]).sort()).toEqual(
        [
          ['customer-8', laptop.kid, idOf(later)],
          ['device:shared', original.kid, idOf(originalGrant)],
        ].sort(),
      );
      expect((await getJson<{ holders: number }>('/admin/holders/count?purpose=dissemination')).holders).toBe(2);
    });
  });

  describe('GET /admin/stats/daily', () => {
    interface Stats {
      from: string;
      to: string;
      tzOffsetMinutes: number;
      events: string[];
      purposes: { purpose: string; days: ({ date: string } & Record<string, number>)[]; totals: Record<string, number> }[];
    }
    const stats = (query: string) => getJson<Stats>(`/admin/stats/daily?${query}`);

    it('counts each decision per purpose by what it did, on its own day, every day listed', async () => {
      const a = await createDevice();
      const b = await createDevice();
      await results(
        await h.post([
          // June 10: a gives both; b refuses both.
          await a.sign({ timeMs: JUNE_10, decisions: BOTH }),
          await b.sign({ timeMs: JUNE_10 + HOUR, event: 'refused', decisions: { processing: false, dissemination: false } }),
          // June 11: a is identified (restates, not a decision), then updates keeping processing only.
          await a.sign({ timeMs: JUNE_10 + DAY, event: 'identified', decisions: BOTH, subjectId: 'customer-1' }),
          await a.sign({ timeMs: JUNE_10 + DAY + HOUR, event: 'updated', decisions: { processing: true, dissemination: false } }),
          // June 12 at 20:00 UTC is June 13 in Almaty: b grants dissemination.
          await b.sign({ timeMs: Date.UTC(2025, 5, 12, 20), event: 'given', decisions: { dissemination: true } }),
        ]),
      );
      const body = await stats('from=2025-06-09&to=2025-06-13');
      expect(body).toMatchObject({ from: '2025-06-09', to: '2025-06-13', tzOffsetMinutes: 300, events: ['given', 'refused', 'updated', 'withdrawn'] });
      expect(body.purposes.map((p) => p.purpose)).toEqual(['processing', 'dissemination']);
      const [processing, dissemination] = body.purposes;
      const zero = { given: 0, refused: 0, updated: 0, withdrawn: 0 };
      expect(dissemination!.days).toEqual([
        { date: '2025-06-09', ...zero },
        { date: '2025-06-10', ...zero, given: 1, refused: 1 },
        { date: '2025-06-11', ...zero, withdrawn: 1 },
        { date: '2025-06-12', ...zero },
        { date: '2025-06-13', ...zero, given: 1 },
      ]);
      expect(dissemination!.totals).toEqual({ given: 2, refused: 1, updated: 0, withdrawn: 1 });
      expect(processing!.days.map((d) => [d.date, d.given, d.refused, d.updated])).toEqual([
        ['2025-06-09', 0, 0, 0],
        ['2025-06-10', 1, 1, 0],
        ['2025-06-11', 0, 0, 1],
        ['2025-06-12', 0, 0, 0],
        ['2025-06-13', 0, 0, 0],
      ]);
      // In UTC, b's grant falls on June 12.
      const utc = await stats('from=2025-06-12&to=2025-06-13&tzOffset=0&purpose=dissemination');
      expect(utc.purposes.map((p) => p.purpose)).toEqual(['dissemination']);
      expect(utc.purposes[0]!.days.map((d) => d.given)).toEqual([1, 0]);
    });

    it('defaults to the 30 days up to today at the offset', async () => {
      h.clock.now = Date.UTC(2025, 5, 30, 20); // July 1 in Almaty
      const body = await stats('');
      expect(body.from).toBe('2025-06-02');
      expect(body.to).toBe('2025-07-01');
      expect(body.purposes[0]!.days).toHaveLength(30);
      // An extra purpose appears once someone decided about it in the period.
      const device = await createDevice();
      await results(
        await h.post([
          await device.sign({
            timeMs: Date.UTC(2025, 5, 20),
            purposes: [{ id: 'third-party-transfer', label: 'Үшінші тұлғаларға беру' }],
            decisions: { 'third-party-transfer': true },
          }),
        ]),
      );
      expect((await stats('')).purposes.map((p) => p.purpose)).toEqual(['processing', 'dissemination', 'third-party-transfer']);
    });

    it('refuses bad periods and purposes', async () => {
      for (const query of ['from=2025-06-10&to=2025-06-09', 'from=2024-01-01&to=2025-06-09', 'from=10.06.2025', 'to=2025-13-01', 'tzOffset=-721', 'tzOffset=abc']) {
        const response = await h.admin(`/admin/stats/daily?${query}`);
        expect(response.status, query).toBe(400);
      }
      expect((await h.admin('/admin/stats/daily?from=2024-06-10&to=2025-06-10')).status).toBe(200); // 366 days
      expect((await h.admin('/admin/stats/daily?purpose=telepathy')).status).toBe(404);
      expect((await h.app.request('/admin/stats/daily')).status).toBe(401);
    });
  });

  describe('GET /admin/principals/{kid}/chain for a browser verifier', () => {
    it("carries each receipt's JWS and countersignature: both verify, bound to each other", async () => {
      const device = await createDevice();
      const signed = [
        await device.sign({ timeMs: JUNE_10, decisions: BOTH }),
        await device.sign({ timeMs: JUNE_10 + HOUR, event: 'withdrawn', decisions: { dissemination: false } }),
      ];
      await results(await h.post(signed));
      const body = await getJson<{ receipts: { id: string; jws: string; countersignature: string }[] }>(`/admin/principals/${device.kid}/chain`);
      expect(body.receipts.map((r) => r.jws)).toEqual(signed);
      const jwks = (await (await h.app.request('/.well-known/jwks.json')).json()) as { keys: JsonWebKey[] };
      for (const receipt of body.receipts) {
        const verified = await verifyReceipt(receipt.jws);
        expect(verified.payload.consentReceiptID).toBe(receipt.id);
        const counter = await verifyCountersignature(receipt.countersignature, jwks.keys, receipt.jws);
        expect(counter.payload.receipt.consentReceiptID).toBe(receipt.id);
      }
      const report = verifyChain(await Promise.all(body.receipts.map((r) => verifyReceipt(r.jws))));
      expect(report.gaps).toEqual([]);
      expect(report.forks).toEqual([]);
    });
  });
});
