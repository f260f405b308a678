import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  buildReceipt,
  generateDeviceKey,
  publicJwk,
  signReceipt,
  verifyChain,
  verifyReceipt,
  type ReceiptInput,
  type VerifiedReceipt,
} from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';

const T0 = 1_764_000_000_000;

interface Device {
  keys: CryptoKeyPair;
  sign(overrides: Partial<ReceiptInput>): Promise<VerifiedReceipt>;
}

async function device(): Promise<Device> {
  const keys = await generateDeviceKey();
  const jwk = await publicJwk(keys.publicKey);
  return {
    keys,
    async sign(overrides) {
      const jws = await signReceipt(buildReceipt(receiptInput({ id: crypto.randomUUID(), ...overrides })), keys.privateKey, jwk);
      return verifyReceipt(jws, { now: T0 + 10 * 86_400_000 });
    },
  };
}

/** `n` linked receipts; `timeOf(i)` lets a test make the clock disagree with the links. */
async function chainOf(d: Device, n: number, timeOf: (i: number) => number, first: string | null = null): Promise<VerifiedReceipt[]> {
  const chain: VerifiedReceipt[] = [];
  let prev = first;
  for (let i = 0; i < n; i++) {
    const r = await d.sign({ timeMs: timeOf(i), prev, event: i === 0 ? 'given' : 'updated' });
    chain.push(r);
    prev = r.chainHash;
  }
  return chain;
}

const ids = (rs: readonly VerifiedReceipt[]) => rs.map((r) => r.payload.consentReceiptID);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let a: Device;
let b: Device;
beforeAll(async () => {
  [a, b] = await Promise.all([device(), device()]);
});

describe('verifyChain', () => {
  it('orders by prev links whatever the array order, even when the clocks run backwards', async () => {
    // Each receipt is stamped earlier than the one before it: a clock set back between syncs.
    const chain = await chainOf(a, 6, (i) => T0 - i * 60_000);
    for (let seed = 1; seed <= 20; seed++) {
      const report = verifyChain(shuffled(chain, seed));
      expect(report.ordered.map(ids)).toEqual([ids(chain)]);
      expect(report.gaps).toEqual([]);
      expect(report.forks).toEqual([]);
    }
  });

  it('keeps one chain per device key, each in its own order', async () => {
    const first = await chainOf(a, 3, (i) => T0 + i * 1000);
    const second = await chainOf(b, 3, (i) => T0 + 500 + i * 1000);
    const report = verifyChain(shuffled([...first, ...second], 7));
    expect(report.ordered.map(ids)).toEqual([ids(first), ids(second)]);
    expect(report.ordered.map((c) => c[0]!.kid)).toEqual([first[0]!.kid, second[0]!.kid]);
  });

  it('reports a gap where a prev is missing and still orders the rest', async () => {
    const chain = await chainOf(a, 5, (i) => T0 + i * 1000);
    const [r0, r1, r2, r3, r4] = chain as [VerifiedReceipt, VerifiedReceipt, VerifiedReceipt, VerifiedReceipt, VerifiedReceipt];
    const report = verifyChain([r4, r2, r0, r3]);
    expect(report.gaps).toEqual([{ kid: r0.kid, receiptId: r2.payload.consentReceiptID, missingPrev: r1.chainHash, afterId: r0.payload.consentReceiptID }]);
    expect(report.ordered.map(ids)).toEqual([ids([r0, r2, r3, r4])]);
    expect(report.forks).toEqual([]);
  });

  it('reports a gap at the start when the first receipts have not arrived', async () => {
    const chain = await chainOf(a, 3, (i) => T0 + i * 1000);
    const report = verifyChain(chain.slice(1));
    expect(report.gaps).toEqual([{ kid: chain[0]!.kid, receiptId: chain[1]!.payload.consentReceiptID, missingPrev: chain[0]!.chainHash }]);
    expect(report.ordered.map(ids)).toEqual([ids(chain.slice(1))]);
  });

  it('reports a fork where two receipts share a prev, keeping both branches', async () => {
    const trunk = await chainOf(a, 2, (i) => T0 + i * 1000);
    const left = await chainOf(a, 2, (i) => T0 + 5000 + i * 1000, trunk[1]!.chainHash);
    const right = await a.sign({ timeMs: T0 + 4000, prev: trunk[1]!.chainHash, event: 'withdrawn' });
    for (const seed of [1, 2, 3]) {
      const report = verifyChain(shuffled([...trunk, ...left, right], seed));
      expect(report.forks).toEqual([{ kid: trunk[0]!.kid, prev: trunk[1]!.chainHash, receiptIds: ids([right, left[0]!]) }]);
      expect(report.gaps).toEqual([]);
      // Branches in time order after the shared ancestor, each one whole.
      expect(report.ordered.map(ids)).toEqual([ids([...trunk, right, ...left])]);
    }
  });

  it('reports two first receipts of one key as a fork at null', async () => {
    const one = await a.sign({ timeMs: T0, prev: null });
    const two = await a.sign({ timeMs: T0 + 1, prev: null });
    expect(verifyChain([two, one]).forks).toEqual([{ kid: one.kid, prev: null, receiptIds: ids([one, two]) }]);
  });

  it('starts a new key chain at a receipt linked to the old key, without a gap', async () => {
    const old = await chainOf(a, 2, (i) => T0 + i * 1000);
    const next = await b.sign({ timeMs: T0 + 5000, prev: old[1]!.chainHash, newKey: true });
    const report = verifyChain([next, ...old]);
    expect(report.ordered.map(ids)).toEqual([ids(old), ids([next])]);
    expect(report.gaps).toEqual([]);
    expect(report.forks).toEqual([]);
  });

  it('drops exact duplicates, as a batch posted twice', async () => {
    const chain = await chainOf(a, 3, (i) => T0 + i * 1000);
    const report = verifyChain([...chain, ...chain, chain[1]!]);
    expect(report.ordered.map(ids)).toEqual([ids(chain)]);
    expect(report.forks).toEqual([]);
  });

  it('walks a chain far deeper than the call stack', () => {
    // Hand-made records (verifyChain reads only links, ids, kid and time): 50,000 deep would
    // overflow a recursive walk.
    const template = buildReceipt(receiptInput());
    const hash = (i: number) => createHash('sha256').update(String(i)).digest('base64url');
    const records = Array.from({ length: 50_000 }, (_, i) => ({
      jws: `h.p${i}.s`,
      header: {} as VerifiedReceipt['header'],
      kid: 'k',
      chainHash: hash(i),
      payload: { ...template, consentReceiptID: String(i), prev: i === 0 ? null : hash(i - 1), iat_ms: T0 - i },
    }));
    const report = verifyChain(records.reverse());
    expect(report.ordered[0]!.map((r) => r.payload.consentReceiptID)).toEqual(Array.from({ length: 50_000 }, (_, i) => String(i)));
  });

  it('returns nothing for nothing', () => {
    expect(verifyChain([])).toEqual({ ordered: [], gaps: [], forks: [] });
  });
});
