import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash } from '@artgrad/receipt';
import { createDevice, payloadOf } from './fixtures/device.js';
import { createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const T = Date.now() - 3_600_000;
const idOf = (jws: string) => payloadOf(jws).consentReceiptID as string;

interface ChainBody {
  kids: string[];
  principal: string;
  subjectId: string | null;
  state: Record<string, { granted: boolean; receiptId: string }>;
  receipts: { id: string; kid: string; event: string; chainHash: string; prev: string | null; countersignature: string }[];
  gaps: { kid: string; receiptId: string; missingPrev: string; afterId?: string }[];
  forks: { kid: string; prev: string | null; receiptIds: string[] }[];
}

describe.each(STORE_KINDS)('state derived from chains ($name)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(kind);
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const chain = async (kid: string) => {
    const response = await h.admin(`/admin/principals/${kid}/chain`);
    expect(response.status).toBe(200);
    return (await response.json()) as ChainBody;
  };

  it('orders by prev links, not timestamps: the latest in chain order wins', async () => {
    const device = await createDevice();
    // The device clock jumped back between receipts: timestamps say the opposite of the links.
    const r1 = await device.sign({ timeMs: T + 30_000, decisions: { processing: true, dissemination: true } });
    const r2 = await device.sign({ timeMs: T + 20_000, event: 'updated', decisions: { processing: true, dissemination: true } });
    const r3 = await device.sign({ timeMs: T + 10_000, event: 'withdrawn', decisions: { dissemination: false } });
    // Arriving out of order, in separate requests.
    await results(await h.post([r3]));
    await results(await h.post([r1, r2]));

    const body = await chain(device.kid);
    expect(body.receipts.map((r) => r.id)).toEqual([idOf(r1), idOf(r2), idOf(r3)]);
    expect(body.receipts[1]!.prev).toBe(await chainHash(r1));
    expect(body.state).toEqual({
      processing: { granted: true, receiptId: idOf(r2) },
      dissemination: { granted: false, receiptId: idOf(r3) },
    });
    expect(body.gaps).toEqual([]);
    expect(body.forks).toEqual([]);
    expect(body.receipts.every((r) => r.countersignature.split('.').length === 3)).toBe(true);
  });

  it('reports a gap where a receipt is missing, and keeps deriving state', async () => {
    const device = await createDevice();
    const r1 = await device.sign({ timeMs: T, decisions: { processing: true, dissemination: true } });
    const r2 = await device.sign({ timeMs: T + 1000, event: 'updated' });
    const r3 = await device.sign({ timeMs: T + 2000, event: 'updated', decisions: { processing: true, dissemination: true } });
    await results(await h.post([r1, r3]));
    const body = await chain(device.kid);
    expect(body.receipts.map((r) => r.id)).toEqual([idOf(r1), idOf(r3)]);
    expect(body.gaps).toEqual([{ kid: device.kid, receiptId: idOf(r3), missingPrev: await chainHash(r2), afterId: idOf(r1) }]);
    // The missing one arrives late (offline tab): the gap closes.
    await results(await h.post([r2]));
    const closed = await chain(device.kid);
    expect(closed.gaps).toEqual([]);
    expect(closed.receipts.map((r) => r.id)).toEqual([idOf(r1), idOf(r2), idOf(r3)]);
  });

  it('reports a fork (two receipts with the same prev)', async () => {
    const device = await createDevice();
    const r1 = await device.sign({ timeMs: T });
    const a = await device.signDetached({ timeMs: T + 1000, event: 'updated', id: crypto.randomUUID() });
    const b = await device.signDetached({ timeMs: T + 2000, event: 'updated', id: crypto.randomUUID() });
    await results(await h.post([r1, a, b]));
    const body = await chain(device.kid);
    expect(body.forks).toEqual([{ kid: device.kid, prev: await chainHash(r1), receiptIds: [idOf(a), idOf(b)] }]);
  });

  it('shows the latest subjectId once the shop identified the shopper, else piiPrincipalId', async () => {
    const device = await createDevice();
    await results(await h.post([await device.sign({ timeMs: T })]));
    expect((await chain(device.kid)).principal).toBe(device.principalId);
    await results(await h.post([await device.sign({ timeMs: T + 1000, event: 'identified', subjectId: 'customer-1842' })]));
    await results(await h.post([await device.sign({ timeMs: T + 2000, event: 'updated' })]));
    const body = await chain(device.kid);
    expect(body).toMatchObject({ principal: 'customer-1842', subjectId: 'customer-1842' });
  });

  it('does not let a fresh key take over a device history by linking to one of its receipts', async () => {
    const shopper = await createDevice();
    const r1 = await shopper.sign({ timeMs: T, decisions: { processing: true, dissemination: false } });
    // Someone holding r1 signs a "continuation" with a key of their own, granting dissemination.
    const intruder = await shopper.rotate();
    const r2 = await intruder.sign({ timeMs: T + 1000, event: 'updated', decisions: { dissemination: true } });
    await results(await h.post([r1, r2]));
    const body = await chain(shopper.kid);
    expect(body.kids).toEqual([shopper.kid]);
    expect(body.receipts.map((r) => r.id)).toEqual([idOf(r1)]);
    expect(body.state.dissemination).toEqual({ granted: false, receiptId: idOf(r1) });
    // The intruder's key is a history of its own, with a gap where its `prev` points elsewhere.
    const other = await chain(intruder.kid);
    expect(other.kids).toEqual([intruder.kid]);
    expect(other.gaps.length).toBe(1);
  });

  it('answers 404 for a key with no receipts and 400 for something that is not a kid', async () => {
    expect((await h.admin(`/admin/principals/${'A'.repeat(43)}/chain`)).status).toBe(404);
    expect((await h.admin('/admin/principals/short/chain')).status).toBe(400);
  });
});
