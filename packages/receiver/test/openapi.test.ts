import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createReceiverApp, generateControllerKey, openApiDocument, openSqliteStore } from '../src/index.js';

const committed = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));

describe('OpenAPI document', () => {
  it('the committed openapi.json is the served one (regenerate: node dist/cli.js openapi > openapi.json)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('is a valid OpenAPI 3.1 document (the specification\u2019s own schema, through @seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(committed));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The answers themselves are held to it in every receiver test: test/contract/setup.ts.
  });

  it('covers every route the app serves, and nothing else', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      const app = createReceiverApp({ store, controllerKey: (await generateControllerKey()).key });
      const served = new Set(
        app.routes
          .filter((r) => r.method !== 'ALL')
          .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
      );
      const documented = new Set(
        Object.entries(committed.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
      );
      expect([...documented].sort()).toEqual([...served].sort());
      expect((await (await app.request('/openapi.json')).json())).toEqual(committed);
    } finally {
      await store.close();
    }
  });
});
