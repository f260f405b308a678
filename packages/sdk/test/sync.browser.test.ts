// Sync, tabs and the database open in real Chromium: IndexedDB, Web Locks, BroadcastChannel,
// `online` and `pagehide`. Each test has its own database (and so its own locks and channel).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { verifyReceipt } from '@artgrad/receipt';
import {
  ConsentError,
  consentInternals,
  createConsent,
  memoryConsentStore,
  RetryableError,
  type Activation,
  type SyncReport,
  type Transport,
} from '@artgrad/sdk';

const uniqueDb = () => `test-${crypto.randomUUID()}`;
const dev = (dbName: string) => ({ mode: 'development' as const, dbName });
const idOf = (jws: string) => JSON.parse(atob(jws.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).consentReceiptID as string;
const refuse = (api: ReturnType<typeof createConsent>) => consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');
const syncs = (api: ReturnType<typeof createConsent>) => {
  const seen: SyncReport[] = [];
  api.on('sync', (r) => seen.push(r));
  return seen;
};

/** A grant through a real, trusted click on a confirmation control. */
async function grant(api: ReturnType<typeof createConsent>, decisions: Record<string, boolean>) {
  const button = document.createElement('button');
  button.textContent = 'confirm';
  document.body.append(button);
  const shownAt = performance.now() - 700;
  let confirmed: Promise<Activation> | null = null;
  button.addEventListener('click', (event) => (confirmed = consentInternals(api).confirm({ event, control: button, stepShownAt: shownAt }, decisions, { method: 'checkbox' }, 'kk')), {
    once: true,
  });
  await userEvent.click(button);
  button.remove();
  expect(await confirmed).toBe('ok');
  return (await api.receipts()).at(-1)!.record;
}

function openRaw(name: string, version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked'));
  });
}

/** A backend at its own origin, through a stubbed `fetch`; beacons are recorded, not sent. */
function fakeEndpoint() {
  const endpoint = `https://${crypto.randomUUID()}.test/api`;
  const state = { answer: 'ok' as 'ok' | '503' | '429', beacons: [] as Blob[] };
  /** Receipt ids of each beacon sent so far (and forgets them). */
  const beacons = async () => Promise.all(state.beacons.splice(0).map(async (b) => (JSON.parse(await b.text()).receipts as string[]).map(idOf)));
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (!url.startsWith(endpoint)) return realFetch(input, init);
    if (url.endsWith('/config')) return new Response('', { status: 404 });
    if (state.answer === '503') return new Response('{}', { status: 503 });
    if (state.answer === '429') return new Response('{}', { status: 429, headers: { 'retry-after': '60' } });
    const receipts = JSON.parse(String(init!.body)).receipts as string[];
    return Response.json({ results: receipts.map((jws) => ({ id: idOf(jws), status: 'stored' })) });
  });
  const sendBeacon = navigator.sendBeacon.bind(navigator);
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, body) => {
    if (!String(url).startsWith(endpoint)) return sendBeacon(url, body);
    state.beacons.push(body as Blob);
    return true;
  });
  return { endpoint, state, beacons };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('retries', () => {
  it('online skips a jitter backoff, but not the Retry-After the backend asked for', async () => {
    let answer: 'down' | '429' | 'ok' = 'down';
    const sent: string[] = [];
    const transport: Transport = async (batch) => {
      if (answer === 'down') throw new RetryableError('network: down');
      if (answer === '429') throw new RetryableError('HTTP 429', 60_000);
      return batch.map((jws) => (sent.push(idOf(jws)), { id: idOf(jws), status: 'stored' as const }));
    };
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const api = createConsent({ ...dev(uniqueDb()), transport }, { store: memoryConsentStore() });
    const reports = syncs(api);
    const first = await refuse(api);
    for (let i = 0; i < 4; i++) await api.flush(); // the backoff has grown to ~16 s
    answer = 'ok';
    dispatchEvent(new Event('online'));
    await expect.poll(() => sent, { timeout: 1000 }).toContain(first.id);

    answer = '429';
    const second = await refuse(api);
    await expect.poll(() => reports.at(-1)?.error).toBe('HTTP 429');
    answer = 'ok';
    dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent).not.toContain(second.id);
  });

  it('another tab delivers what the deciding tab could not', async () => {
    const name = uniqueDb();
    const sent: string[] = [];
    const failing = createConsent({ ...dev(name), transport: async () => Promise.reject(new RetryableError('network: down')) });
    const working = createConsent({ ...dev(name), transport: async (batch) => batch.map((jws) => (sent.push(idOf(jws)), { id: idOf(jws), status: 'stored' as const })) });
    await Promise.all([failing.ready(), working.ready()]);
    const record = await refuse(failing);
    await expect.poll(() => sent, { timeout: 3000 }).toContain(record.id);
    await expect.poll(() => failing.receipts().then((r) => r.map((x) => x.status))).toEqual(['acknowledged']);
  });
});

describe('the beacon mirror', () => {
  it('follows the chain order after a reload, and drops what another tab had acknowledged', async () => {
    const { endpoint, state, beacons } = fakeEndpoint();
    const name = uniqueDb();
    state.answer = '503';
    const first = createConsent({ ...dev(name), endpoint });
    const made: string[] = [];
    for (let i = 0; i < 6; i++) made.push((await refuse(first)).id);
    const second = createConsent({ ...dev(name), endpoint }); // the same shopper's next page
    await second.ready();
    dispatchEvent(new Event('pagehide'));
    expect(await beacons()).toEqual([made, made]);

    state.answer = 'ok';
    // Whichever tab acknowledges them, neither may beacon them again.
    await first.flush();
    await expect.poll(() => first.receipts().then((r) => r.filter((x) => x.status === 'acknowledged').length)).toBe(6);
    await expect
      .poll(() => {
        dispatchEvent(new Event('pagehide'));
        return beacons();
      })
      .toEqual([]);
  });

  it('sends no beacon while the backend’s Retry-After holds', async () => {
    const { endpoint, state, beacons } = fakeEndpoint();
    state.answer = '429';
    const api = createConsent({ ...dev(uniqueDb()), endpoint });
    const reports = syncs(api);
    await refuse(api);
    await expect.poll(() => reports.at(-1)?.error).toBe('HTTP 429');
    dispatchEvent(new Event('pagehide'));
    expect(await beacons()).toEqual([]);
  });
});

describe('acknowledgement with no room for the countersignature', () => {
  it('the receipt leaves the outbox anyway, the countersignature is skipped, and it is reported once', async () => {
    const name = uniqueDb();
    const transport: Transport = async (batch) => batch.map((jws) => ({ id: idOf(jws), status: 'stored' as const, receipt: `countersigned.${idOf(jws)}` }));
    const api = createConsent({ ...dev(name), transport });
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await api.ready();
    // What a full disk does to the write (CDP's quota override is ignored here): its transaction
    // aborts, and with it anything else that transaction held.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = put.apply(this, args);
      if (this.name === 'countersigned') this.transaction.abort();
      return request;
    });
    const record = await refuse(api);
    for (let i = 0; i < 3; i++) await api.flush();
    expect(await api.receipts()).toEqual([{ record: expect.objectContaining({ id: record.id }), status: 'acknowledged' }]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([['STORAGE', `receipt ${record.id} acknowledged; countersignature not kept`]]);
  });
});

describe('opening the database', () => {
  it('an older connection left open by another tab cannot hang the SDK: it reports and goes on in memory', async () => {
    const name = uniqueDb();
    const old = await openRaw(name, 1, (db) => db.createObjectStore('records', { keyPath: 'seq', autoIncrement: true }).createIndex('id', 'id', { unique: true }));
    const api = createConsent(dev(name));
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await expect(api.ready()).resolves.toEqual({});
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_UNAVAILABLE']);
    expect((await refuse(api)).event).toBe('refused');
    expect(api.getAll()).toEqual({ processing: false, dissemination: false });
    old.close();
  });

  it('an open that neither succeeds nor reports `blocked` is given up after 5 s: it reports and goes on in memory', async () => {
    // Another tab's upgrade still running queues this open with no `blocked` event at all: only
    // the SDK's own timer ends the wait. The upgrade is kept busy for 7 s, past that timer.
    const name = uniqueDb();
    let upgradeDone = false;
    const old = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
        const until = performance.now() + 7_000;
        const spin = () => {
          if (performance.now() < until) store.get(0).onsuccess = spin;
        };
        spin();
      };
      request.onsuccess = () => {
        upgradeDone = true;
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    });
    const started = performance.now();
    const api = createConsent(dev(name));
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await expect(api.ready()).resolves.toEqual({});
    const waited = performance.now() - started;
    expect(upgradeDone, 'the other upgrade ended first: the timer was not what ended the wait').toBe(false);
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_UNAVAILABLE']);
    expect((await refuse(api)).event).toBe('refused');
    expect(api.getAll()).toEqual({ processing: false, dissemination: false });
    (await old).close();
  }, 20_000);

  it('closes its own connection when a newer version is waiting to open, says so, and goes on in memory', async () => {
    const name = uniqueDb();
    const api = createConsent(dev(name));
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await api.ready();
    await refuse(api);
    // One above the SDK's own version (3: rights requests).
    const newer = await openRaw(name, 4);
    expect(newer.version).toBe(4);
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_UNAVAILABLE']);
    // The page keeps working: what it knew stays, and a new decision chains on in memory.
    const withdrawn = await grant(api, { processing: true, dissemination: false });
    expect(withdrawn.event).toBe('updated');
    expect((await api.receipts()).map((r) => r.record.event)).toEqual(['refused', 'updated']);
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_UNAVAILABLE']);
    newer.close();
  });
});

describe('the receipt event and legacy records', () => {
  it('a first grant after identify() is `given`, not `updated`', async () => {
    const api = createConsent(dev(uniqueDb()));
    await api.identify('cust-7');
    expect((await grant(api, { processing: true, dissemination: false })).event).toBe('given');
    expect((await grant(api, { processing: true, dissemination: true })).event).toBe('updated');
  });

  it('records of the unsigned v1 store are no decision: asked again, then a first receipt that is `given` under no new key', async () => {
    const name = uniqueDb();
    const v1 = await openRaw(name, 1, (db) => {
      const records = db.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
      records.createIndex('id', 'id', { unique: true });
      records.add({ id: crypto.randomUUID(), time: Date.now() - 1000, event: 'given', decisions: { processing: true, dissemination: true }, policy: { version: '0.9', sha256: 'old', language: 'kk' }, confirmation: { method: 'checkbox' }, language: 'kk' });
    });
    v1.close();
    const api = createConsent(dev(name));
    expect(await api.ready()).toEqual({});
    expect(consentInternals(api).needsDecision()).toBe(true);
    const record = await grant(api, { processing: true, dissemination: false });
    const payload = (await verifyReceipt(record.jws)).payload;
    expect(payload).toMatchObject({ event: 'given', prev: null });
    expect(payload.newKey).not.toBe(true);
    expect((await api.receipts()).map((r) => r.record.id)).toEqual([record.id]);
  });
});
