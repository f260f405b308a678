// The decision hint in real Chromium (localStorage, IndexedDB, trusted clicks): a returning
// shopper's decisions are known synchronously, the records correct a hint that disagrees, and
// the SDK's own writes never let the hint claim more than the records hold.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { kazakhPolicy } from '@artgrad/policy';
import { consentInternals, consentMode, createConsent, gateScripts, memoryConsentStore, type ConsentApi, type ConsentStore } from '@artgrad/sdk';

const uniqueDb = () => `test-${crypto.randomUUID()}`;
const dev = (dbName: string) => ({ mode: 'development' as const, dbName });
const hintOf = (db: string) => JSON.parse(localStorage.getItem(`artgrad-consent:${db}`) ?? 'null') as { policy: string; decisions: Record<string, boolean> } | null;
const policy = kazakhPolicy();

/** A grant through a real, trusted click on a confirmation control, 700 ms after it "showed". */
async function grant(api: ConsentApi, decisions: Record<string, boolean>) {
  const button = document.createElement('button');
  button.textContent = 'confirm';
  document.body.append(button);
  const stepShownAt = performance.now() - 700;
  // Settled into a value at once: a rejection must not go unhandled while the click completes.
  let confirmed: Promise<{ verdict: unknown } | { error: unknown }> | null = null;
  button.addEventListener(
    'click',
    (event) =>
      (confirmed = consentInternals(api)
        .confirm({ event, control: button, stepShownAt }, decisions, { method: 'checkbox' }, 'kk')
        .then((verdict) => ({ verdict }), (error: unknown) => ({ error }))),
    { once: true },
  );
  await userEvent.click(button);
  button.remove();
  const outcome = await confirmed!;
  if ('error' in outcome) throw outcome.error;
  return outcome.verdict;
}

/** A store whose next append fails, as a full disk or a closed tab would make it. */
function failingOnce(store: ConsentStore): ConsentStore & { fail: boolean } {
  const wrapped = Object.create(store) as ConsentStore & { fail: boolean };
  wrapped.fail = false;
  wrapped.append = async (record) => {
    if (wrapped.fail) {
      wrapped.fail = false;
      throw new DOMException('quota', 'QuotaExceededError');
    }
    return store.append(record);
  };
  return wrapped;
}

afterEach(() => localStorage.clear());

describe('the decision hint', () => {
  it('answers a returning shopper at once, before IndexedDB is read, and the records agree', async () => {
    const db = uniqueDb();
    const first = createConsent(dev(db));
    await first.ready();
    expect(await grant(first, { processing: true, dissemination: false })).toBe('ok');
    expect(hintOf(db)).toEqual({ policy: policy.sha256, decisions: { processing: true, dissemination: false } });

    const placeholder = Object.assign(document.createElement('script'), { type: 'text/plain', text: 'window.__gated = (window.__gated ?? 0) + 1;' });
    placeholder.dataset.consent = 'processing';
    document.body.append(placeholder);
    const writes: string[] = [];
    const setItem = localStorage.setItem.bind(localStorage);
    localStorage.setItem = (key: string, value: string) => {
      writes.push(key);
      setItem(key, value);
    };
    const again = createConsent(dev(db));
    const changes: unknown[] = [];
    again.on('change', (c) => changes.push(c));
    // Synchronously, the same task that created it: nothing has been read from IndexedDB yet.
    expect(again.get('processing')).toBe(true);
    expect(again.getAll()).toEqual({ processing: true, dissemination: false });
    // So a gated script runs, and Consent Mode is updated, without waiting for the records.
    const stop = gateScripts(again);
    expect((window as { __gated?: number }).__gated).toBe(1);
    const updates: Record<string, string | number>[] = [];
    const stopMode = consentMode(again, { analytics_storage: 'processing', ad_storage: 'dissemination' }, (_c, _a, params) => updates.push(params));
    expect(updates).toEqual([{ analytics_storage: 'granted', ad_storage: 'denied' }]);
    expect(await again.ready()).toEqual({ processing: true, dissemination: false });
    expect(changes).toEqual([]);
    expect(writes).toEqual([]); // a hint the records agree with is not written again
    localStorage.setItem = setItem;
    expect((window as { __gated?: number }).__gated).toBe(1); // once, not again when the records agreed
    expect(updates).toHaveLength(1); // Consent Mode too: no second, identical update
    stop();
    stopMode();
  });

  it('is corrected by the records, with a change event, when it claims what they do not hold', async () => {
    const db = uniqueDb();
    localStorage.setItem(`artgrad-consent:${db}`, JSON.stringify({ policy: policy.sha256, decisions: { processing: true, dissemination: true } }));
    const api = createConsent(dev(db));
    const changes: Record<string, boolean>[] = [];
    api.on('change', (c) => changes.push(c.state));
    expect(api.get('dissemination')).toBe(true); // as trustworthy as a consent cookie, until the records are read
    expect(await api.ready()).toEqual({});
    expect(api.get('dissemination')).toBe(false);
    expect(changes).toEqual([{}]);
    expect(hintOf(db)).toBeNull();
  });

  it('is not read under another policy text, nor when it is not ours', async () => {
    for (const junk of [
      JSON.stringify({ policy: 'another-text', decisions: { processing: true } }),
      JSON.stringify({ policy: policy.sha256, decisions: { processing: 'yes' } }),
      JSON.stringify({ policy: policy.sha256, decisions: { processing: true }, pad: 'x'.repeat(3000) }),
      '{not json',
    ]) {
      const db = uniqueDb();
      localStorage.setItem(`artgrad-consent:${db}`, junk);
      const api = createConsent(dev(db));
      expect(api.get('processing'), junk.slice(0, 40)).toBe(false);
      expect(api.getAll()).toEqual({});
      await api.ready();
    }
  });

  it('never claims more than the records: a grant enters it only once stored, a withdrawal leaves it before it is signed', async () => {
    const db = uniqueDb();
    const store = failingOnce(memoryConsentStore());
    const api = createConsent(dev(db), { store });
    await api.ready();
    // A grant whose record could not be stored is not in the hint.
    store.fail = true;
    await expect(grant(api, { processing: true, dissemination: true })).rejects.toMatchObject({ code: 'STORAGE_QUOTA' });
    expect(hintOf(db)).toBeNull();
    expect(await grant(api, { processing: true, dissemination: true })).toBe('ok');
    expect(hintOf(db)!.decisions).toEqual({ processing: true, dissemination: true });
    // A withdrawal whose record could not be stored has left the hint all the same: it errs on "not granted".
    store.fail = true;
    await expect(api.withdraw('dissemination')).rejects.toMatchObject({ code: 'STORAGE_QUOTA' });
    expect(hintOf(db)!.decisions).toEqual({ processing: true, dissemination: false });
    expect(api.get('dissemination')).toBe(true); // the records still hold the grant, and they decide
    await api.withdraw('dissemination');
    expect(hintOf(db)!.decisions).toEqual({ processing: true, dissemination: false });
  });
});
