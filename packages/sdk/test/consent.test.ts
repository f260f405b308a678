import { describe, expect, it } from 'vitest';
import { ConsentError, consentInternals, createConsent, memoryConsentStore } from '@artgrad/sdk';

const DEV = { mode: 'development' as const };
const make = (config = {}) => createConsent({ ...DEV, ...config }, { store: memoryConsentStore() });

describe('createConsent', () => {
  it('refuses to record a grant without evidence from the confirmation step', async () => {
    const api = make();
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    const core = consentInternals(api);
    await expect(core.decide({ processing: true }, { method: 'checkbox' }, 'kk')).rejects.toMatchObject({ code: 'NOT_CONFIRMED' });
    expect(errors.map((e) => e.code)).toEqual(['NOT_CONFIRMED']);
    expect(api.getAll()).toEqual({});
  });

  it('records a refusal without evidence, and asks no more', async () => {
    const api = make();
    const core = consentInternals(api);
    await api.ready();
    expect(core.needsDecision()).toBe(true);
    const record = await core.decide({ processing: false, dissemination: false }, null, 'kk');
    expect(record.event).toBe('refused');
    expect(record.confirmation).toEqual({ method: 'none' });
    expect(record.policy.sha256).toBe(core.policy.sha256);
    expect(core.needsDecision()).toBe(false);
  });

  it('asks again when a purpose is newly requested', async () => {
    const store = memoryConsentStore();
    const first = createConsent({ ...DEV, purposes: ['processing'] }, { store });
    await consentInternals(first).decide({ processing: false }, null, 'kk');
    const second = createConsent({ ...DEV, purposes: ['processing', 'dissemination'] }, { store });
    await second.ready();
    expect(consentInternals(second).needsDecision()).toBe(true);
  });

  it('withdraw() with nothing granted records nothing', async () => {
    const api = make();
    await expect(api.withdraw()).resolves.toBeNull();
    await expect(api.withdraw('dissemination')).resolves.toBeNull();
  });

  it('is not fooled by an API object it did not make', () => {
    expect(() => consentInternals({} as never)).toThrow(ConsentError);
  });

  it('keeps a granted purpose that is no longer requested in the preferences, so it can be withdrawn', async () => {
    const store = memoryConsentStore([
      {
        id: '1',
        time: 1,
        seq: 1,
        event: 'given',
        decisions: { processing: true, dissemination: true },
        policy: { version: 'x', sha256: 'y', language: 'kk' },
        confirmation: { method: 'checkbox' },
        language: 'kk',
        jws: 'x.y.z',
        kid: 'k',
        hash: 'h',
        prev: null,
      },
    ]);
    const api = createConsent({ ...DEV, purposes: ['processing'] }, { store });
    await api.ready();
    expect(consentInternals(api).shownPurposes().map((p) => p.id)).toEqual(['processing', 'dissemination']);
    // The policy text changed since that record: the banner asks again.
    expect(consentInternals(api).needsDecision()).toBe(true);
  });
});
