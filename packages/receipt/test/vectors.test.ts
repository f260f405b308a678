// Every protocol test vector (vectors/*.json, written by packages/conformance/scripts/make-vectors.mjs) against this
// package: a backend in another language should give the same answers. Valid receipts also pass
// the published JSON Schema, the one the reference receiver validates with.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  ReceiptError,
  verifyChain,
  verifyCountersignature,
  verifyReceipt,
  verifyRightsRequest,
  type VerifiedReceipt,
} from '@artgrad/receipt';

interface Vector {
  description: string;
  kind: 'receipt' | 'chain' | 'countersignature' | 'rights-request';
  verifyAt: number;
  maxFutureSkewSeconds: number;
  jws?: string;
  receipts?: string[];
  countersignature?: string;
  jwks?: { keys: JsonWebKey[] };
  expect: { valid: boolean; error?: string; kid?: string; order?: string[][]; gaps?: number; forks?: number };
}

const dir = new URL('../vectors/', import.meta.url);
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Vector] as const);
const schema = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(new URL('../schema/receipt-payload.schema.json', import.meta.url), 'utf8')));

async function run(v: Vector): Promise<{ valid: true; verified?: VerifiedReceipt; chain?: ReturnType<typeof verifyChain>; kid?: string } | { valid: false; error: string }> {
  const options = { now: v.verifyAt, maxFutureSkewSeconds: v.maxFutureSkewSeconds };
  try {
    switch (v.kind) {
      case 'receipt': {
        const verified = await verifyReceipt(v.jws!, options);
        return { valid: true, verified, kid: verified.kid };
      }
      case 'chain':
        return { valid: true, chain: verifyChain(await Promise.all(v.receipts!.map((j) => verifyReceipt(j, options)))) };
      case 'countersignature':
        await verifyCountersignature(v.countersignature!, v.jwks!.keys, v.jws!);
        return { valid: true };
      case 'rights-request':
        return { valid: true, kid: (await verifyRightsRequest(v.jws!, options)).kid };
    }
  } catch (error) {
    if (error instanceof ReceiptError) return { valid: false, error: error.code };
    throw error;
  }
}

describe('protocol test vectors', () => {
  it('there are vectors for every case the protocol names', () => {
    const names = vectors.map(([name]) => name);
    for (const needed of ['receipt-valid', 'chain-key-rotation', 'chain-reordered', 'countersignature-valid', 'tampered', 'wrong-typ', 'alg-none', 'hs256', 'private-d', 'future-dated', 'high-s-twin']) {
      expect(names).toContain(needed);
    }
  });

  it.each(vectors)('%s', async (_name, v) => {
    const outcome = await run(v);
    if (!v.expect.valid) return expect(outcome).toEqual({ valid: false, error: v.expect.error });
    expect(outcome.valid).toBe(true);
    if (outcome.valid && v.expect.kid) expect(outcome.kid).toBe(v.expect.kid);
    if (outcome.valid && outcome.verified) expect(schema(outcome.verified.payload), JSON.stringify(schema.errors)).toBe(true);
    if (outcome.valid && outcome.chain) {
      if (v.expect.order) expect(outcome.chain.ordered.map((c) => c.map((r) => r.payload.consentReceiptID))).toEqual(v.expect.order);
      expect(outcome.chain.gaps).toHaveLength(v.expect.gaps ?? 0);
      expect(outcome.chain.forks).toHaveLength(v.expect.forks ?? 0);
    }
  });
});
