import { describe, expect, it } from 'vitest';
import { ConfigError, createReceiverApp, generateControllerKey, loadConfig, openSqliteStore } from '../src/index.js';

const base = { RECEIVER_MODE: 'development' };

describe('CLEAR_RULES: what the SDK clears when a purpose is refused or withdrawn', () => {
  it('is read, checked and served in GET /config beside the purposes', async () => {
    const rules = { dissemination: { cookies: ['_vk', '_vk_*'], localStorage: ['vk_*'] } };
    const config = loadConfig({ ...base, CLEAR_RULES: JSON.stringify(rules) });
    expect(config.clearRules).toEqual(rules);
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      const app = createReceiverApp({ store, controllerKey: (await generateControllerKey()).key, clearRules: config.clearRules!, logger: { info() {}, error() {} } });
      expect(await (await app.request('/config')).json()).toMatchObject({ purposes: ['processing', 'dissemination'], clear: rules });
      const without = createReceiverApp({ store, controllerKey: (await generateControllerKey()).key, logger: { info() {}, error() {} } });
      expect(await (await without.request('/config')).json()).not.toHaveProperty('clear');
    } finally {
      await store.close();
    }
  });

  it('takes rules for any purpose of the catalogue, not only those asked for now: a marketer may switch one on later', () => {
    const rules = { 'third-party-transfer': { cookies: ['partner_id'] }, loyalty: { localStorage: ['loyalty_*'] } };
    expect(loadConfig({ ...base, CUSTOM_PURPOSES: 'loyalty', CLEAR_RULES: JSON.stringify(rules) }).clearRules).toEqual(rules);
  });

  it.each([
    ['{', /is not JSON/],
    ['[]', /must be a JSON object/],
    ['{"marketing":{"cookies":["x"]}}', /"marketing" is not a purpose of the catalogue/],
    ['{"dissemination":{"indexedDB":["x"]}}', /clear\.dissemination\.indexedDB is not one of/],
    ['{"dissemination":{"cookies":["a b"]}}', /clear\.dissemination\.cookies: "a b" is not a name, key or \* pattern/],
    ['{"dissemination":[]}', /clear\.dissemination must be an object of lists/],
  ])('refuses %s, naming CLEAR_RULES', (value, message) => {
    const error = (() => {
      try {
        loadConfig({ ...base, CLEAR_RULES: value });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe('CLEAR_RULES');
    expect(error.message).toMatch(message);
  });
});
