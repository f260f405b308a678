// The state kept at ingest: read by cursor, searched by a bounded prefix, built from receipts
// stored before it existed, and kept right by two receivers taking the same receipts at once.
// Every test ends with verifyState (the harness's dispose): what ingest kept is what the
// receipts say.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReceiverApp, type Store } from '../src/index.js';
import { verifyState } from '../src/state/verify-state.js';
import { holdersSql, numbered, POSTGRES, SQLITE, withdrawalsSql } from '../src/store/state-sql.js';
import { createDevice, payloadOf, type Device } from './fixtures/device.js';
import { ADMIN, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const T = Date.UTC(2025, 5, 10, 6, 0, 0);
const BOTH = { processing: true, dissemination: true };
const NONE = { processing: true, dissemination: false };
const idOf = (jws: string) => payloadOf(jws).consentReceiptID as string;

interface ListBody {
  total: number;
  items: { principal: string; receiptId: string; consentTimestamp: number; kid: string }[];
  nextCursor: string | null;
}

describe.each(STORE_KINDS)('state kept at ingest ($name)', (kind) => {
  let h: Harness;
  let extra: Store[];
  beforeEach(async () => {
    h = await createHarness(kind);
    h.clock.now = T + 10 * 86_400_000;
    extra = [];
  });
  afterEach(async () => {
    for (const store of extra) await store.close();
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const get = async <T>(path: string, app = h.app): Promise<T> => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${ADMIN.token}` } });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  };
  const code = async (path: string) => {
    const response = await h.admin(path);
    return { status: response.status, code: ((await response.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code };
  };

  it('pages by cursor through exactly the list the offset form gives, newest first, ties broken by receipt id', async () => {
    const granted: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Two pairs decide in the same second: the receipt id orders them.
      const jws = await (await createDevice()).sign({ timeMs: T + Math.floor(i / 2) * 60_000, decisions: BOTH });
      granted.push(jws);
      await results(await h.post([jws]));
    }
    const whole = await get<ListBody>('/admin/holders?purpose=dissemination&limit=100');
    expect(whole.total).toBe(7);
    expect(whole.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: ListBody = await get<ListBody>(`/admin/holders?purpose=dissemination&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(7);
      walked.push(...page.items.map((i) => i.receiptId));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(walked).toEqual(whole.items.map((i) => i.receiptId));
    expect(new Set(walked)).toEqual(new Set(granted.map(idOf)));
    const times = whole.items.map((i) => i.consentTimestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (let i = 1; i < whole.items.length; i++) {
      if (times[i] === times[i - 1]) expect(whole.items[i - 1]!.receiptId < whole.items[i]!.receiptId).toBe(true);
    }
  });

  it('reads by index: a cursor page seeks into the holders index, a search starts from the terms (SQLite query plans)', async () => {
    if (kind.name !== 'sqlite') return;
    const plan = async (s: { sql: string; params: unknown[] }) => {
      const literal = s.sql.replace(/\?/g, () => {
        const v = s.params.shift();
        return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
      });
      return (await kind.raw(h.store, `EXPLAIN QUERY PLAN ${literal}`)).map((r) => String(r.detail)).join('\n');
    };
    const cursorPage = await plan(holdersSql({ purpose: 'dissemination', after: { at: 1_750_000_000, receiptId: 'x' }, limit: 50, offset: 0 }, SQLITE));
    expect(cursorPage).toMatch(/SEARCH s USING INDEX consent_state_holders \(purpose=\? AND decided_at<\?\)/);
    const search = await plan(holdersSql({ purpose: 'dissemination', prefix: 'cust_1', limit: 50, offset: 0 }, SQLITE));
    // The terms first (a co-routine over their primary key's range), then each principal by its key.
    expect(search).toMatch(/CO-ROUTINE t[\s\S]*principal_terms[\s\S]*SCAN t[\s\S]*SEARCH s/);
    expect(search).not.toMatch(/consent_state_holders/);
    expect(search).toMatch(/SEARCH s USING INDEX sqlite_autoindex_consent_state_1 \(principal_key=\? AND purpose=\?\)/);
  });

  it('reads a page of the lists by index on PostgreSQL too: each row joins its receipt by the primary key, never a scan of the receipts', async () => {
    if (kind.name !== 'postgres') return;
    const plan = async (s: { sql: string; params: unknown[] }) => {
      const literal = numbered(s.sql).replace(/\$(\d+)/g, (_, i: string) => {
        const v = s.params[Number(i) - 1];
        return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
      });
      // With sequential scans priced out, a plan that still has one has no index to use instead.
      return (await kind.raw(h.store, `SET enable_seqscan = off; EXPLAIN ${literal}`)).map((r) => String(r['QUERY PLAN'])).join('\n');
    };
    for (const sql of [
      holdersSql({ purpose: 'dissemination', limit: 50, offset: 0 }, POSTGRES),
      holdersSql({ purpose: 'dissemination', after: { at: 1_750_000_000, receiptId: 'x' }, limit: 50, offset: 0 }, POSTGRES),
      withdrawalsSql({ purpose: 'dissemination', since: 1_750_000_000, limit: 50, offset: 0 }, POSTGRES),
    ]) {
      const text = await plan(sql);
      expect(text).toMatch(/Index Scan using receipts_pkey on receipts r/);
      expect(text).not.toMatch(/Seq Scan/);
    }
    // The same page without the collation is the plan that scanned every receipt.
    const unmatched = await plan(holdersSql({ purpose: 'dissemination', limit: 50, offset: 0 }, { ...POSTGRES, receiptKeyCollate: '' }));
    expect(unmatched).toMatch(/Seq Scan on receipts r/);
  });

  it('answers hostile query strings with a 4xx and a code, never a 500, and runs no SQL it is sent', async () => {
    await results(await h.post([await (await createDevice()).sign({ timeMs: T, decisions: BOTH, subjectId: 'customer-1' })]));
    const bad = [
      'limit=99999999999999',
      'limit=-1',
      'limit=1e3',
      'offset=1000000000000',
      'cursor=%00',
      "cursor='%3B DROP TABLE receipts%3B--",
      `cursor=${Buffer.from('{"at":1}').toString('base64url')}`,
      `cursor=${Buffer.from('[1.5,"x"]').toString('base64url')}`,
      `cursor=${Buffer.from(`[1,"${'x'.repeat(300)}"]`).toString('base64url')}`,
      `cursor=${Buffer.from('[1,"x"]').toString('base64url')}&offset=3`,
      `q=${'x'.repeat(201)}`,
      'q=%00',
      `cursor=${Buffer.from('[1,"a\\u0000b"]').toString('base64url')}`,
    ];
    for (const path of ['/admin/holders', '/admin/holders.csv', '/admin/withdrawals', '/admin/withdrawals.csv']) {
      for (const query of bad) {
        const { status, code: errorCode } = await code(`${path}?purpose=dissemination&since=2025-06-01&${query}`);
        expect(status, `${path}?${query}`).toBeGreaterThanOrEqual(400);
        expect(status, `${path}?${query}`).toBeLessThan(500);
        expect(errorCode, `${path}?${query}`).toMatch(/^[A-Z_]+$/);
      }
    }
    expect(await code('/admin/withdrawals?purpose=dissemination&since=2025-06-01&tzOffset=7')).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await code('/admin/stats/daily?tzOffset=330')).toMatchObject({ status: 200 });
    expect(await code("/admin/holders?purpose=dissemination'--")).toEqual({ status: 404, code: 'UNKNOWN_PURPOSE' });
    // LIKE's wildcards are literal: `customer_1` and `cust%` would match customer-1 otherwise. (A
    // bare `_` is no test: a random device kid may really start with one, 1 time in 64.)
    for (const q of ["' OR 1=1 --", '%', 'cust%', 'customer_1', '\\', '"; DROP TABLE consent_state; --', 'customer-1\u{10FFFF}']) {
      const body = await get<ListBody>(`/admin/holders?purpose=dissemination&q=${encodeURIComponent(q)}`);
      expect(body.items, q).toEqual([]);
    }
    expect((await get<ListBody>('/admin/holders?purpose=dissemination&q=CUSTOMER-')).items.map((i) => i.principal)).toEqual(['customer-1']);
  });

  it('refuses a search more than 10,000 ids start with (SEARCH_TOO_BROAD), and answers a narrower one', async () => {
    const series = kind.name === 'postgres' ? 'SELECT i FROM generate_series(1, 10001) AS i' : 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001) SELECT i FROM n';
    await kind.raw(h.store, `INSERT INTO principal_terms (term, principal_key) SELECT 'zz' || i, 'k:nobody-' || i FROM (${series}) AS s`);
    try {
      expect(await code('/admin/holders?purpose=dissemination&q=zz')).toEqual({ status: 422, code: 'SEARCH_TOO_BROAD' });
      expect(await code('/admin/withdrawals.csv?purpose=dissemination&since=2025-01-01&q=ZZ')).toEqual({ status: 422, code: 'SEARCH_TOO_BROAD' });
      expect((await get<ListBody>('/admin/holders?purpose=dissemination&q=zz1')).items).toEqual([]);
    } finally {
      await kind.raw(h.store, "DELETE FROM principal_terms WHERE principal_key LIKE 'k:nobody-%'");
    }
  });

  it('keeps the totals that read flat right: withdrawals since any moment equal the list, and UTC+5 days equal their quarter hours', async () => {
    // Withdrawals around midnight at UTC+5 (19:00 UTC), some granted again, over three days.
    const devices = await Promise.all(Array.from({ length: 8 }, () => createDevice()));
    const midnight = Date.UTC(2025, 5, 10, 19, 0, 0);
    for (const [i, device] of devices.entries()) {
      const batch = [await device.sign({ timeMs: T + i * 1000, decisions: BOTH })];
      const off = midnight + (i % 4) * 86_400_000 + (i - 4) * 600_000; // ±40 minutes around a midnight
      batch.push(await device.sign({ timeMs: off, decisions: NONE, event: 'withdrawn' }));
      if (i % 3 === 0) batch.push(await device.sign({ timeMs: off + 300_000, decisions: BOTH, event: 'updated' }));
      expect((await results(await h.post(batch))).every((r) => r.status === 'stored')).toBe(true);
    }
    const listed = async (since: string) => {
      const body = await get<ListBody>(`/admin/withdrawals?purpose=dissemination&since=${encodeURIComponent(since)}&limit=500`);
      expect(body.total, since).toBe(body.items.length);
      return body.total;
    };
    const counted = async (sinceMs: number) =>
      Number((await kind.raw(h.store, `SELECT count(*) AS n FROM consent_state WHERE purpose = 'dissemination' AND granted = 0 AND w_at >= ${sinceMs / 1000}`))[0]!.n);
    for (const ms of [0, midnight - 3_600_000, midnight - 1_200_000, midnight, midnight + 1_800_000, midnight + 86_400_000 - 60_000, midnight + 3 * 86_400_000]) {
      const since = new Date(ms).toISOString();
      expect(await listed(since), since).toBe(await counted(ms));
    }
    expect(await listed('2025-06-11')).toBeGreaterThan(0);

    // The days at UTC+5 are read from their own table; they must be the sums of the quarter hours.
    const daily = await get<{ purposes: { purpose: string; days: ({ date: string } & Record<string, number>)[] }[] }>(
      '/admin/stats/daily?from=2025-06-09&to=2025-06-15&tzOffset=300',
    );
    const sums = new Map<string, number>();
    for (const c of await h.store.kept.counts()) {
      const date = new Date((c.bucket * 900 + 5 * 3600) * 1000).toISOString().slice(0, 10);
      sums.set(`${c.purpose} ${date} ${c.event}`, (sums.get(`${c.purpose} ${date} ${c.event}`) ?? 0) + c.n);
    }
    let seen = 0;
    for (const { purpose, days } of daily.purposes) {
      for (const { date, ...events } of days) {
        for (const [event, n] of Object.entries(events)) {
          expect(n, `${purpose} ${date} ${event}`).toBe(sums.get(`${purpose} ${date} ${event}`) ?? 0);
          seen += n;
        }
      }
    }
    expect(seen).toBeGreaterThan(16);
  });

  /** Shoppers of every kind: alone, a customer on two devices, a withdrawal, a device that moves to another customer. */
  async function shop(): Promise<string[][]> {
    const [alone, phone, laptop, quitter, mover] = await Promise.all([createDevice(), createDevice(), createDevice(), createDevice(), createDevice()]);
    const d = T;
    return [
      [await alone.sign({ timeMs: d, decisions: BOTH })],
      [await phone.sign({ timeMs: d + 1000, decisions: BOTH, subjectId: 'customer-1' })],
      [await laptop.sign({ timeMs: d + 2000, decisions: NONE, subjectId: 'customer-1', event: 'refused' })],
      [await quitter.sign({ timeMs: d + 3000, decisions: BOTH }), await quitter.sign({ timeMs: d + 86_400_000, decisions: NONE, event: 'withdrawn' })],
      [
        await mover.sign({ timeMs: d + 4000, decisions: BOTH, subjectId: 'customer-2' }),
        await mover.sign({ timeMs: d + 5000, decisions: BOTH, subjectId: 'customer-3', event: 'identified' }),
      ],
    ];
  }
  const answers = async (app = h.app) =>
    Promise.all(
      [
        '/admin/holders?purpose=dissemination',
        '/admin/holders?purpose=processing&limit=2',
        '/admin/holders/count?purpose=dissemination',
        '/admin/withdrawals?purpose=dissemination&since=2025-06-01',
        '/admin/stats/daily?from=2025-06-09&to=2025-06-12',
        '/admin/holders?purpose=dissemination&q=customer',
      ].map(async (path) => {
        const body = (await get<Record<string, unknown>>(path, app)) as Record<string, unknown>;
        delete body.asOf;
        return body;
      }),
    );

  // Every later migration's tables go too (the rights requests of migration 6).
  const later = ['rights_request_events', 'rights_request_personal', 'rights_requests'];
  const earlier = [
    {
      name: 'before migration 3 (no state kept)',
      tables: ['consent_state', 'state_devices', 'principal_terms', 'purpose_holders', 'decision_counts', 'state_builds', 'decision_days', 'withdrawn_days', ...later],
      versions: 'version >= 3',
    },
    { name: 'at migration 3 (state kept, no days)', tables: ['decision_days', 'withdrawn_days', ...later], versions: 'version >= 4' },
  ];
  it.each(earlier)('migrates a store holding receipts $name, and answers as ingest would have', async ({ tables, versions }) => {
    for (const batch of await shop()) expect((await results(await h.post(batch))).every((r) => r.status === 'stored')).toBe(true);
    const before = await answers();
    expect((before[0] as unknown as ListBody).items.map((i) => i.principal).sort()).toEqual(['customer-3', expect.stringMatching(/^device:/)]);
    // Back to the earlier schema: its tables gone, its migrations never applied.
    for (const table of tables) await kind.raw(h.store, `DROP TABLE ${table}`);
    await kind.raw(h.store, `DELETE FROM schema_migrations WHERE ${versions}`);
    const reopened = await kind.twin(h.store);
    extra.push(reopened);
    expect((await verifyState(reopened)).differences).toEqual([]);
    expect((await reopened.kept.withdrawn()).length).toBeGreaterThan(0);
    const app = createReceiverApp({ store: reopened, controllerKey: h.key, adminTokens: [ADMIN], now: () => h.clock.now! });
    expect(await answers(app)).toEqual(before);
  });

  it('two receivers on one database, given the same receipts at once, store each once, keep one row per principal and purpose, and agree on every answer', async () => {
    const twin = await kind.twin(h.store);
    extra.push(twin);
    const other = createReceiverApp({ store: twin, controllerKey: h.key, adminTokens: [ADMIN], now: () => h.clock.now!, rateLimitPerMinute: 0 });
    const devices: Device[] = await Promise.all(Array.from({ length: 12 }, () => createDevice()));
    const receipts: string[] = [];
    for (const [i, device] of devices.entries()) {
      const subjectId = i % 3 === 0 ? `customer-${i % 4}` : undefined;
      receipts.push(await device.sign({ timeMs: T + i * 1000, decisions: BOTH, ...(subjectId ? { subjectId } : {}) }));
      receipts.push(await device.sign({ timeMs: T + i * 1000 + 500, decisions: i % 2 ? NONE : BOTH, event: i % 2 ? 'withdrawn' : 'updated', ...(subjectId ? { subjectId } : {}) }));
    }
    // The same receipts to both, in batches of 5, one in order and one backwards.
    const batches = (list: string[]) => Array.from({ length: Math.ceil(list.length / 5) }, (_, i) => list.slice(i * 5, i * 5 + 5));
    const post = async (app: typeof h.app, batch: string[]) =>
      results(await app.request('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: batch }) }));
    const outcomes = (await Promise.all([...batches(receipts).map((b) => post(h.app, b)), ...batches([...receipts].reverse()).map((b) => post(other, b))])).flat();
    for (const jws of receipts) {
      const mine = outcomes.filter((r) => r.id === idOf(jws)).map((r) => r.status).sort();
      expect(mine).toEqual(['duplicate', 'stored']);
    }
    const rows = await kind.raw(h.store, 'SELECT principal_key, purpose, count(*) AS n FROM consent_state GROUP BY principal_key, purpose HAVING count(*) > 1');
    expect(rows).toEqual([]);
    expect(await answers(other)).toEqual(await answers());
    expect((await verifyState(twin)).differences).toEqual([]);
  });
});
