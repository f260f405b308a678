// What goes into the chain: identify() once per id, and no trace of unsigned legacy records.
import { describe, expect, it } from 'vitest';
import { verifyReceipt } from '@artgrad/receipt';
import { ConsentError, consentInternals, createConsent, memoryConsentStore, type ConsentStore, type DecisionRecord } from '@artgrad/sdk';

const make = (store: ConsentStore = memoryConsentStore()) => {
  const api = createConsent({ mode: 'development', dbName: `chain-${crypto.randomUUID()}` }, { store });
  const errors: ConsentError[] = [];
  api.on('error', (e) => errors.push(e));
  return { api, store, errors };
};
const refuse = (api: ReturnType<typeof createConsent>) => consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');

describe('identify()', () => {
  it('is idempotent: the id already linked adds no receipt; another id does', async () => {
    const { api, store } = make();
    const receipts: DecisionRecord[] = [];
    api.on('receipt', (r) => receipts.push(r));
    const first = await api.identify('cust-1');
    const again = await Promise.all([api.identify('cust-1'), api.identify('cust-1')]);
    expect(again.map((r) => r.id)).toEqual([first.id, first.id]);
    expect(receipts).toHaveLength(1);
    await api.identify('cust-2');
    await api.identify('cust-1');
    expect((await store.records()).map((r) => r.subjectId)).toEqual(['cust-1', 'cust-2', 'cust-1']);
  });

  it('stores the id only once its receipt is appended, and reports storage errors like a decision', async () => {
    const store = memoryConsentStore();
    const append = store.append;
    store.append = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    const { api, errors } = make(store);
    await expect(api.identify('cust-1')).rejects.toMatchObject({ code: 'STORAGE_QUOTA' });
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_QUOTA']);
    expect(await store.meta('subjectId')).toBeUndefined();

    store.append = append;
    store.setMeta = () => Promise.reject(new Error('disk gone'));
    await expect(api.identify('cust-1')).rejects.toMatchObject({ code: 'STORAGE' });
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_QUOTA', 'STORAGE']);
  });
});

describe('records of the earlier, unsigned store version', () => {
  const legacy = {
    id: '0f8c1d2e-0000-4000-8000-000000000001',
    time: Date.now() - 86_400_000,
    event: 'given',
    decisions: { processing: true, dissemination: false },
    policy: { version: '1.0', sha256: 'old', language: 'kk' },
    confirmation: { method: 'checkbox' },
    language: 'kk',
    seq: 1,
  } as unknown as DecisionRecord;

  it('count as no decision: the banner asks again and nothing is granted', async () => {
    const { api } = make(memoryConsentStore([legacy]));
    await api.ready();
    expect(api.getAll()).toEqual({});
    expect(consentInternals(api).needsDecision()).toBe(true);
  });

  it('do not shape the first receipt (no newKey, no withdrawal) and are not listed as receipts', async () => {
    const { api } = make(memoryConsentStore([legacy]));
    const record = await refuse(api);
    const payload = (await verifyReceipt(record.jws)).payload;
    expect(payload).toMatchObject({ event: 'refused', prev: null });
    expect(payload.newKey).not.toBe(true);
    expect((await api.receipts()).map((r) => r.record.id)).toEqual([record.id]);
    const file = JSON.parse(await (await api.exportReceipts()).text());
    expect(file.receipts.map((r: { id: string }) => r.id)).toEqual([record.id]);
  });
});
