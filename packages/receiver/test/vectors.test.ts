// The protocol's test vectors (`@artgrad/receipt`'s vectors/) posted to the reference receiver:
// each receipt is stored or refused with the very code the vector names, on SQLite and PostgreSQL.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const dir = join(dirname(createRequire(import.meta.url).resolve('@artgrad/receipt/schema/receipt-payload.schema.json')), '../vectors');
const receipts = readdirSync(dir)
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))] as const)
  .filter(([, v]) => v.kind === 'receipt');

describe.each(STORE_KINDS)('protocol vectors through POST /receipts ($name)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(kind);
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  it.each(receipts)('%s', async (_name, v) => {
    h.clock.now = v.verifyAt;
    const [result] = await results(await h.post([v.jws]));
    if (v.expect.valid) expect(result).toMatchObject({ status: 'stored' });
    else expect([result!.status, codeOf(result)]).toEqual(['rejected', v.expect.error]);
  });
});
