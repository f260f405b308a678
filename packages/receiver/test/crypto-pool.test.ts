// Verification and countersigning on worker threads give the same answers as on the main thread,
// and a worker that dies fails only its own batches. Runs the built worker (dist/), as the CLI does.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { verifyCountersignature } from '@artgrad/receipt';
import { checkReceiptsWith, createCryptoPool, generateControllerKey, type CryptoPool } from '../src/index.js';
import { createDevice, twinOf } from './fixtures/device.js';

const WORKER = new URL('../dist/ingest/crypto-worker.js', import.meta.url);
const options = { now: Date.now(), maxFutureSkewSeconds: 300, knownPurposes: ['processing', 'dissemination'] };

describe.skipIf(!existsSync(WORKER))('crypto pool', () => {
  let pool: CryptoPool | undefined;
  afterEach(async () => pool?.close());

  it('answers as the main thread does: verified with a countersignature by the controller key, or the same rejection', async () => {
    const { key } = await generateControllerKey();
    pool = createCryptoPool(2, key, WORKER);
    const device = await createDevice();
    const good = await device.sign();
    const [h, p, s] = good.split('.') as [string, string, string];
    const tampered = `${h}.${p.slice(0, -2)}${p.slice(-2) === 'fQ' ? 'fX' : 'fQ'}.${s}`;
    const batch = [good, tampered, twinOf(good), 'junk'];
    const [onWorkers, onMain] = await Promise.all([pool.check(batch, options), checkReceiptsWith(key)(batch, options)]);
    const shape = (r: (typeof onMain)[number]) => (r.ok ? { ok: true, id: r.verified.payload.consentReceiptID, kid: r.verified.kid } : { ok: false, id: r.id, code: r.code });
    expect(onWorkers.map(shape)).toEqual(onMain.map(shape));
    expect(onWorkers.map((r) => r.ok)).toEqual([true, false, false, false]);
    const first = onWorkers[0]!;
    if (!first.ok) throw new Error('unreachable');
    const jwks = [{ ...key.publicJwk, kid: key.kid }];
    expect((await verifyCountersignature(first.countersignature, jwks, good)).kid).toBe(key.kid);
    // Spread over both workers, many batches at once.
    const many = await Promise.all(Array.from({ length: 8 }, () => pool!.check([good], options)));
    expect(many.every(([r]) => r!.ok)).toBe(true);
  });

  it('a worker that dies fails the batches it held, and is replaced', async () => {
    const { key } = await generateControllerKey();
    pool = createCryptoPool(1, key, WORKER);
    const good = await (await createDevice()).sign();
    // Not a list: the worker throws outside the per-receipt catch, and the thread dies.
    const poison = pool.check(null as unknown as string[], options);
    await expect(poison).rejects.toThrow();
    const [after] = await pool.check([good], options);
    expect(after!.ok).toBe(true);
  });
});
