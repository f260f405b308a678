// Real IndexedDB and real events, in Chromium.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { checkActivation, ConsentError, consentInternals, createConsent, openConsentStore, type Activation } from '@artgrad/sdk';
import { verifyChain, verifyReceipt } from '@artgrad/receipt';

const uniqueDb = () => `test-${crypto.randomUUID()}`;
const dev = (dbName: string) => ({ mode: 'development' as const, dbName });
const refuse = (api: ReturnType<typeof createConsent>) => consentInternals(api).decide({ processing: false, dissemination: false }, null, 'kk');

describe('the IndexedDB store, with real WebCrypto', () => {
  it('keeps a non-extractable device key: it signs, and cannot be read out', async () => {
    const dbName = uniqueDb();
    const api = createConsent(dev(dbName));
    await refuse(api);
    const store = await openConsentStore(dbName);
    const key = (await store.key())!;
    expect(key.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    store.close();
  });

  it('writes the record and its outbox entry together, and reads both back after reopening', async () => {
    const dbName = uniqueDb();
    const record = await refuse(createConsent(dev(dbName)));
    const store = await openConsentStore(dbName);
    expect((await store.records()).map((r) => r.id)).toEqual([record.id]);
    expect(await store.outbox()).toEqual([{ id: record.id, jws: record.jws }]);
    await expect(store.append(record)).rejects.toBeInstanceOf(ConsentError); // ids are unique, records append-only
    expect(await store.records()).toHaveLength(1);
    store.close();
  });

  it('two tabs deciding at once: one chain, no fork, both see the final state', async () => {
    const dbName = uniqueDb();
    const a = createConsent(dev(dbName));
    const b = createConsent(dev(dbName));
    await Promise.all([a.ready(), b.ready()]);
    const heard = new Promise((resolve) => b.on('change', (c) => c.record === null && resolve(c)));
    const made = await Promise.all([refuse(a), refuse(b), refuse(a), refuse(b)]);
    await heard;
    const verified = await Promise.all(made.map((r) => verifyReceipt(r.jws)));
    const chain = verifyChain(verified);
    expect(chain.forks).toEqual([]);
    expect(chain.gaps).toEqual([]);
    expect(chain.ordered).toHaveLength(1);
    expect(chain.ordered[0]).toHaveLength(4);
    await expect.poll(() => b.receipts().then((r) => r.length)).toBe(4);
    expect(a.getAll()).toEqual(b.getAll());
  });

  it('marks the first receipt of a new key when the old key is gone', async () => {
    const dbName = uniqueDb();
    await refuse(createConsent(dev(dbName)));
    // The key store is cleared (as by a browser clearing part of the site's data).
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(dbName);
      open.onsuccess = () => {
        const tx = open.result.transaction('keys', 'readwrite');
        tx.objectStore('keys').clear();
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    const next = await refuse(createConsent(dev(dbName)));
    const payload = (await verifyReceipt(next.jws)).payload;
    expect(payload.newKey).toBe(true);
    expect(payload.prev).toBeNull();
  });
});

describe('checkActivation with real events', () => {
  it('accepts only a trusted click on the control, 600 ms after the step appeared: confirm() records then, and only then', async () => {
    const api = createConsent(dev(uniqueDb()));
    const core = consentInternals(api);
    await api.ready();
    const button = document.createElement('button');
    button.textContent = 'confirm';
    document.body.append(button);
    const verdicts: string[] = [];
    const confirmed: Promise<Activation>[] = [];
    let shownAt = performance.now();
    button.addEventListener('click', (event) => {
      verdicts.push(checkActivation(event, button, shownAt));
      confirmed.push(core.confirm({ event, control: button, stepShownAt: shownAt }, { processing: true }, { method: 'checkbox', note: 'kept' }, 'kk'));
    });
    await userEvent.click(button); // trusted, but too early
    button.click(); // untrusted
    button.dispatchEvent(new MouseEvent('click'));
    expect(await Promise.all(confirmed)).toEqual(['early', 'untrusted', 'untrusted']);
    expect(await api.receipts()).toEqual([]);
    shownAt = performance.now() - 700;
    await userEvent.click(button); // trusted and late enough
    expect(verdicts).toEqual(['early', 'untrusted', 'untrusted', 'ok']);
    expect(await Promise.all(confirmed)).toEqual(['early', 'untrusted', 'untrusted', 'ok']);
    // One receipt, for exactly what was confirmed, with the step's evidence.
    const [only, ...more] = await api.receipts();
    expect(more).toEqual([]);
    expect(only!.record.decisions).toEqual({ processing: true });
    expect(only!.record.confirmation).toMatchObject({ method: 'checkbox', note: 'kept' });
    expect(only!.record.confirmation.msOnStep).toBeGreaterThanOrEqual(600);
    expect(api.get('processing')).toBe(true);
    // A grant any other way is refused, with a code.
    await expect(core.decide({ dissemination: true }, { method: 'checkbox', msOnStep: 9999 }, 'kk')).rejects.toMatchObject({ code: 'NOT_CONFIRMED' });
    // Outside dispatch, the same real event no longer counts (currentTarget is gone).
    let kept: Event | null = null;
    button.addEventListener('click', (e) => (kept = e), { once: true });
    await userEvent.click(button);
    expect(checkActivation(kept, button, 0)).toBe('untrusted');
    expect(checkActivation({ isTrusted: true, currentTarget: button, timeStamp: 1e9 }, button, 0)).toBe('untrusted');
    const lookalike = Object.create(MouseEvent.prototype, { isTrusted: { value: true } });
    expect(checkActivation(lookalike, button, 0)).toBe('untrusted');
    // A control read from the event itself proves nothing: after dispatch both are null.
    expect(checkActivation(kept, (kept as Event | null)?.currentTarget, 0)).toBe('untrusted');
    expect(checkActivation(kept, null, 0)).toBe('untrusted');
    button.remove();
  });
});
