import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@artgrad/sdk';
import { PROCESSING, THIRD_PARTY_TRANSFER } from '@artgrad/policy';

describe('resolveConfig', () => {
  it('defaults to processing and dissemination in Kazakh with no problems', () => {
    const { config, problems } = resolveConfig({ mode: 'development' });
    expect(config.requested).toEqual(['processing', 'dissemination']);
    expect(config.language).toBe('kk');
    expect(config.endpoint).toBeNull();
    expect(problems).toEqual([]);
  });

  it('names an unknown purpose and keeps the known ones', () => {
    const { config, problems } = resolveConfig({ mode: 'development', purposes: ['processing', 'telepathy', 'processing'] });
    expect(config.requested).toEqual(['processing']);
    expect(problems).toEqual([{ field: 'purposes', message: expect.stringContaining('"telepathy"') }]);
  });

  it('names an unknown language and falls back to Kazakh', () => {
    const { config, problems } = resolveConfig({ mode: 'development', language: 'fr' as never });
    expect(config.language).toBe('kk');
    expect(problems[0]).toMatchObject({ field: 'language', message: expect.stringContaining('"fr"') });
  });

  it('lets a site stop requesting dissemination, or request an added purpose', () => {
    expect(resolveConfig({ mode: 'development', purposes: ['processing'] }).config.requested).toEqual(['processing']);
    const added = resolveConfig({
      mode: 'development',
      purposes: ['processing', 'courier-share'],
      catalogue: [{ ...THIRD_PARTY_TRANSFER, id: 'courier-share' }],
    });
    expect(added.problems).toEqual([]);
    expect(added.config.requested).toEqual(['processing', 'courier-share']);
  });

  it('rejects a malformed added purpose and a duplicate id', () => {
    const { problems } = resolveConfig({ mode: 'development', catalogue: [{ id: 'Bad Id' } as never, { ...PROCESSING }] });
    expect(problems.map((p) => p.field)).toEqual(['catalogue', 'catalogue']);
    expect(problems[0]!.message).toContain('"Bad Id"');
    expect(problems[1]!.message).toContain('"processing": needs a new id');
  });

  it('in production, every missing controller detail is a fatal problem naming its field', () => {
    const { problems } = resolveConfig({ controller: { bin: '123456789012', url: 'https://artgrad.kz' } });
    expect(problems.filter((p) => p.fatal).map((p) => p.field)).toEqual(['controller.address', 'controller.email', 'controller.phone', 'policyUrl']);
  });

  it('refuses a malformed BIN or e-mail and a third party without a name', () => {
    const fatal = (c: object) => resolveConfig({ mode: 'development', ...c }).problems.filter((p) => p.fatal).map((p) => p.field);
    expect(fatal({ controller: { bin: '12345' } })).toEqual(['controller.bin']);
    expect(fatal({ controller: { email: 'not-an-address' } })).toEqual(['controller.email']);
    expect(fatal({ purposes: ['processing', 'third-party-transfer'], catalogue: [] })).toEqual([]); // unknown purpose, not requested
    expect(fatal({ terms: { thirdParties: true } })).toEqual(['terms.thirdPartyName']);
  });

  it('resolves relative URLs against the page and defaults the terms from the purposes', () => {
    const { config } = resolveConfig({ mode: 'development', purposes: ['processing'] });
    expect(config.terms).toEqual({ term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false });
    expect(config.controller.bin).toBe('000000000000');
    expect(config.controller.address).toMatch(/PLACEHOLDER/);
  });

  it('rejects an endpoint that is not a URL', () => {
    const { config, problems } = resolveConfig({ mode: 'development', endpoint: 'http://' });
    expect(config.endpoint).toBeNull();
    expect(problems[0]!.field).toBe('endpoint');
  });
});
