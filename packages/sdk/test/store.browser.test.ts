// Real IndexedDB and real events, in Chromium.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { checkActivation, confirmationEvidence, ConsentError, consentInternals, createConsent, isMintedEvidence, openDecisionStore, type DecisionRecord } from '@artgrad/sdk';

const uniqueDb = () => `test-${crypto.randomUUID()}`;
const sample = (id: string): DecisionRecord => ({
  id,
  time: Date.now(),
  event: 'refused',
  decisions: { processing: false },
  policy: { version: '1', sha256: 'x', language: 'kk' },
  confirmation: { method: 'none' },
  language: 'kk',
});

describe('the IndexedDB decision store', () => {
  it('appends in order and reads back after reopening', async () => {
    const name = uniqueDb();
    const store = await openDecisionStore(name);
    await store.append(sample('a'));
    await store.append(sample('b'));
    store.close();
    const again = await openDecisionStore(name);
    expect((await again.all()).map((r) => [r.id, r.seq])).toEqual([['a', 1], ['b', 2]]);
    again.close();
  });

  it('refuses a second record with the same id (append-only, ids unique)', async () => {
    const store = await openDecisionStore(uniqueDb());
    await store.append(sample('same'));
    await expect(store.append(sample('same'))).rejects.toBeInstanceOf(ConsentError);
    expect(await store.all()).toHaveLength(1);
    store.close();
  });

  it('tells another tab (BroadcastChannel) and it re-reads the store', async () => {
    const dbName = uniqueDb();
    const a = createConsent({ dbName });
    const b = createConsent({ dbName });
    await Promise.all([a.ready(), b.ready()]);
    const heard = new Promise((resolve) => b.on('change', resolve));
    await consentInternals(a).decide({ processing: false, dissemination: false }, null, 'kk');
    await heard;
    expect(b.getAll()).toEqual({ processing: false, dissemination: false });
  });
});

describe('checkActivation with real events', () => {
  it('accepts only a trusted click on the control, 600 ms after the step appeared', async () => {
    const button = document.createElement('button');
    button.textContent = 'confirm';
    document.body.append(button);
    const verdicts: string[] = [];
    let shownAt = performance.now();
    let evidence: unknown = null;
    button.addEventListener('click', (event) => {
      verdicts.push(checkActivation(event, button, shownAt));
      evidence ??= confirmationEvidence(event, button, shownAt, { method: 'checkbox' });
    });
    await userEvent.click(button); // trusted, but too early
    button.click(); // untrusted
    button.dispatchEvent(new MouseEvent('click'));
    shownAt = performance.now() - 700;
    await userEvent.click(button); // trusted and late enough
    expect(verdicts).toEqual(['early', 'untrusted', 'untrusted', 'ok']);
    expect(isMintedEvidence(evidence)).toBe(true);
    // Outside dispatch, the same real event no longer counts (currentTarget is gone).
    let kept: Event | null = null;
    button.addEventListener('click', (e) => (kept = e), { once: true });
    await userEvent.click(button);
    expect(checkActivation(kept, button, 0)).toBe('untrusted');
    expect(checkActivation({ isTrusted: true, currentTarget: button, timeStamp: 1e9 }, button, 0)).toBe('untrusted');
    const lookalike = Object.create(MouseEvent.prototype, { isTrusted: { value: true } });
    expect(checkActivation(lookalike, button, 0)).toBe('untrusted');
    button.remove();
  });
});
