import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReceiverApp, MIGRATIONS, type Store } from '../src/index.js';
import { withDefaultUser } from '../src/store/postgres-store.js';
import { createDevice, payloadOf } from './fixtures/device.js';
import { createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

describe.each(STORE_KINDS)('store ($name)', (kind) => {
  let h: Harness;
  let extra: Store[];
  beforeEach(async () => {
    h = await createHarness(kind);
    extra = [];
  });
  afterEach(async () => {
    for (const store of extra) await store.close();
    await h.dispose();
  });

  it('records applied migrations, and opening again applies nothing twice', async () => {
    extra.push(await kind.twin(h.store));
    extra.push(await kind.twin(h.store));
    const rows = await kind.raw(h.store, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  it('refuses UPDATE and DELETE of receipts at the database level', async () => {
    const jws = await (await createDevice()).sign({ decisions: { processing: true, dissemination: true } });
    await results(await h.post([jws]));
    const id = payloadOf(jws).consentReceiptID;
    await expect(kind.raw(h.store, `UPDATE receipts SET subject_id = 'x' WHERE id = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(kind.raw(h.store, `DELETE FROM receipts WHERE id = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(kind.raw(h.store, `UPDATE receipt_decisions SET granted = ${kind.name === 'postgres' ? 'false' : '0'}`)).rejects.toThrow(/append-only/);
    await expect(kind.raw(h.store, 'DELETE FROM purpose_request_changes')).resolves.toEqual([]); // empty: nothing to refuse
    await h.admin('/admin/requests/dissemination', { method: 'PUT', body: JSON.stringify({ requested: false }) });
    await expect(kind.raw(h.store, 'DELETE FROM purpose_request_changes')).rejects.toThrow(/append-only/);
    if (kind.name === 'postgres') await expect(kind.raw(h.store, 'TRUNCATE receipts CASCADE')).rejects.toThrow(/append-only/);
    expect((await h.store.getReceipt(id))!.jws).toBe(jws);
  });

  it('decision rows are the receipts without their documents, each with the decisions it signed', async () => {
    const device = await createDevice();
    const other = await createDevice();
    const first = await device.sign({ decisions: { processing: true, dissemination: false } });
    const second = await device.sign({ decisions: { processing: true, dissemination: true }, subjectId: 'customer-7' });
    // Another key's receipt under the first one's id is stored under `<id>#<kid>`: its decisions must not mix with the first's.
    const squatter = await other.sign({ id: payloadOf(first).consentReceiptID, decisions: { processing: false } });
    await results(await h.post([first, second, squatter]));

    const kids = [device.kid, other.kid];
    const full = await h.store.receiptsOfKids(kids);
    const rows = await h.store.decisionRowsOfKids(kids);
    expect(rows).toHaveLength(3);
    const byChainHash = new Map(full.map((r) => [r.chainHash, r]));
    for (const row of rows) {
      const stored = byChainHash.get(row.chainHash)!;
      const { jws, countersignature, ...facts } = stored;
      expect(row).toEqual({ ...facts, decisions: payloadOf(jws).decisions });
      expect(row).not.toHaveProperty('jws');
    }
    expect(rows.find((r) => r.kid === other.kid)!.decisions).toEqual({ processing: false });
    expect(rows.find((r) => r.subjectId === 'customer-7')!.decisions).toEqual({ processing: true, dissemination: true });
    expect(await h.store.decisionRowsOfKids([])).toEqual([]);
  });

  it('settles concurrent posts of one receipt by two instances: one stored, the rest duplicates with the same countersignature', async () => {
    const twin = await kind.twin(h.store);
    extra.push(twin);
    const other = createReceiverApp({ store: twin, controllerKey: h.key });
    const jws = await (await createDevice()).sign();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? other : h.app).request('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: [jws] }) }),
      ),
    );
    const all = (await Promise.all(responses.map(results))).flat();
    expect(all.filter((r) => r.status === 'stored')).toHaveLength(1);
    expect(all.filter((r) => r.status === 'duplicate')).toHaveLength(11);
    const stored = await h.store.getReceipt(payloadOf(jws).consentReceiptID);
    expect(new Set(all.map((r) => r.receipt))).toEqual(new Set([stored!.countersignature]));
  });

  it('settles a conflicting id posted concurrently: exactly one wins', async () => {
    const twin = await kind.twin(h.store);
    extra.push(twin);
    const other = createReceiverApp({ store: twin, controllerKey: h.key });
    const id = crypto.randomUUID();
    // One key, two different receipts under one id: only one can stand. (Receipts of two keys
    // under one id both stand: the second is kept under `<id>#<kid>`, see receipts.test.ts.)
    const device = await createDevice();
    const a = await device.sign({ id });
    const b = await device.sign({ id, decisions: { processing: true, dissemination: true } });
    const [ra, rb] = await Promise.all([
      h.app.request('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: [a] }) }),
      other.request('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: [b] }) }),
    ]);
    const outcomes = [...(await results(ra)), ...(await results(rb))].map((r) => r.error?.split(':')[0] ?? r.status).sort();
    expect(outcomes).toEqual(['RECEIPT_CONFLICT', 'stored']);
  });
});

describe('withDefaultUser', () => {
  it('adds the OS user only when the URL and the environment name none', () => {
    expect(withDefaultUser('postgresql:///db?host=/run', {})).toMatch(/^postgresql:\/\/[^@/]+@\/db\?host=\/run$/);
    expect(withDefaultUser('postgresql://app@db.kz/db', {})).toBe('postgresql://app@db.kz/db');
    expect(withDefaultUser('postgresql:///db', { PGUSER: 'x' })).toBe('postgresql:///db');
    expect(withDefaultUser('postgres://db.kz:5432/db', { USER: 'x' })).toBe('postgres://db.kz:5432/db');
  });
});
