// A lazy SDK (the script tag's) before its engine has arrived, in real Chromium: a refusal is
// held in the decision hint, answered at once, and signed once the engine is there — once, even
// when two pages arrive together; the hint never holds a grant.
import { describe, expect, it } from 'vitest';
import { kazakhPolicy } from '@artgrad/policy';
import { consentInternals, memoryConsentStore } from '@artgrad/sdk';
import { startConsent } from '@artgrad/sdk/front';
import * as engineModule from '@artgrad/sdk/engine';

const policy = kazakhPolicy();
const uniqueDb = () => `held-${crypto.randomUUID()}`;
const hintOf = (db: string) => JSON.parse(localStorage.getItem(`artgrad-consent:${db}`) ?? 'null');

/** An engine that arrives when `arrive()` is called, or fails to arrive while `failing`. */
function engineGate() {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const gate = { failing: false, fetches: 0, arrive };
  const load = async () => {
    gate.fetches++;
    if (gate.failing) throw new Error('404');
    await arrived;
    return engineModule;
  };
  return { gate, load };
}

const lazy = (dbName: string, load: () => Promise<typeof engineModule>, store = memoryConsentStore()) =>
  startConsent({ mode: 'development', dbName }, { lazy: true, engine: load, document: async () => policy, store });

describe('a refusal pressed before the engine arrives', () => {
  it('is held in the hint and answered at once, fetches the engine, and is signed once it arrives', async () => {
    const db = uniqueDb();
    const { gate, load } = engineGate();
    const api = lazy(db, load);
    expect(gate.fetches).toBe(0); // lazy: nothing fetched until asked
    const changes: unknown[] = [];
    api.on('change', (c) => changes.push(c.state));
    await expect(consentInternals(api).decide({ processing: false, dissemination: false }, null, 'ru')).resolves.toBeNull();
    expect(api.getAll()).toEqual({ processing: false, dissemination: false });
    expect(consentInternals(api).needsDecision()).toBe(false);
    expect(changes).toEqual([{ processing: false, dissemination: false }]);
    expect(hintOf(db)).toMatchObject({ policy: policy.sha256, held: { decisions: { processing: false, dissemination: false }, language: 'ru' } });
    expect(gate.fetches).toBe(1);

    gate.arrive();
    await api.ready();
    const [status, ...more] = await api.receipts();
    expect(more).toEqual([]);
    expect(status!.record).toMatchObject({ event: 'refused', decisions: { processing: false, dissemination: false }, language: 'ru', confirmation: { method: 'none' } });
    expect(Date.parse(status!.record.confirmation.pressedAt as string)).toBeLessThanOrEqual(status!.record.time);
    expect(hintOf(db).held).toBeUndefined();
  });

  it('two pages arriving with the same held refusal sign it once', async () => {
    const db = uniqueDb();
    const store = memoryConsentStore();
    const first = engineGate();
    await consentInternals(lazy(db, first.load, store)).decide({ processing: false }, null, 'kk');
    // Two more pages of the same shopper (sharing the store, as tabs share IndexedDB).
    const a = lazy(db, async () => engineModule, store);
    const b = lazy(db, async () => engineModule, store);
    consentInternals(a).warm();
    consentInternals(b).warm();
    await Promise.all([a.ready(), b.ready()]);
    expect((await a.receipts()).map((r) => r.record.event)).toEqual(['refused']);
    expect(hintOf(db).held).toBeUndefined();
  });

  it('an engine that does not arrive: the refusal stays held, a later page signs it', async () => {
    const db = uniqueDb();
    const store = memoryConsentStore();
    const { gate, load } = engineGate();
    gate.failing = true;
    const errors: string[] = [];
    const api = lazy(db, load, store);
    api.on('error', (e) => errors.push(e.code));
    await consentInternals(api).decide({ processing: false }, null, 'kk');
    await expect.poll(() => errors).toContain('LOAD');
    expect(hintOf(db).held.decisions).toEqual({ processing: false });
    const later = lazy(db, async () => engineModule, store);
    consentInternals(later).warm();
    await later.ready();
    expect((await later.receipts()).map((r) => r.record.event)).toEqual(['refused']);
  });

  it('a held "decision" that grants (not written by the SDK) is dropped, never signed', async () => {
    const db = uniqueDb();
    localStorage.setItem(`artgrad-consent:${db}`, JSON.stringify({ policy: policy.sha256, decisions: { processing: true }, held: { decisions: { processing: true }, language: 'kk', at: Date.now() } }));
    const api = lazy(db, async () => engineModule);
    consentInternals(api).warm();
    await api.ready();
    expect(await api.receipts()).toEqual([]);
    // The records decide: nothing is granted, and the hint says so now.
    expect(api.get('processing')).toBe(false);
    expect(hintOf(db)).toBeNull();
  });

  it('a grant is never held: it takes the confirmation step, which waits for the engine', async () => {
    const db = uniqueDb();
    const { load } = engineGate();
    const api = lazy(db, load);
    await expect(consentInternals(api).decide({ processing: true }, null, 'kk')).rejects.toMatchObject({ code: 'NOT_CONFIRMED' });
    expect(hintOf(db)).toBeNull();
  });
});
