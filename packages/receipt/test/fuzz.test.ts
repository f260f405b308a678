import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Ajv from 'ajv-draft-04';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  buildReceipt,
  checkPayload,
  generateDeviceKey,
  jwkThumbprint,
  publicJwk,
  ReceiptError,
  signReceipt,
  verifyReceipt,
  type ConsentReceiptPayload,
  type PublicJwk,
} from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';
import { forge } from './fixtures/jws.js';

const NOW = 1_764_000_000_000;
const kantara = new Ajv().compile(
  JSON.parse(readFileSync(new URL('./fixtures/kantara-consent-receipt-v1_1.schema.json', import.meta.url), 'utf8')),
);

/** The schema this package publishes (and the receiver validates with). */
const published = new Ajv2020().compile(JSON.parse(readFileSync(new URL('../schema/receipt-payload.schema.json', import.meta.url), 'utf8')));

/** The two rules JSON Schema cannot say (PROTOCOL.md): decisions name listed purposes; the two clocks agree. */
function crossFieldRules(p: any): boolean {
  try {
    const listed = new Set(p.services.flatMap((s: any) => s.purposes.flatMap((x: any) => x.purposeCategory)));
    return Object.keys(p.decisions).every((id) => listed.has(id)) && Math.floor(p.iat_ms / 1000) === p.consentTimestamp;
  } catch {
    return false;
  }
}

let keys: CryptoKeyPair;
let jwk: PublicJwk;
let kid: string;
let jws: string;
beforeAll(async () => {
  keys = await generateDeviceKey();
  jwk = await publicJwk(keys.publicKey);
  kid = await jwkThumbprint(jwk);
  jws = await signReceipt(buildReceipt(receiptInput({ timeMs: NOW })), keys.privateKey, jwk);
});

/** Resolves to the outcome; fails the property if anything but a ReceiptError is thrown. */
async function outcome(candidate: string): Promise<'ok' | string> {
  try {
    await verifyReceipt(candidate, { now: NOW });
    return 'ok';
  } catch (error) {
    if (!(error instanceof ReceiptError)) throw new Error(`threw a non-ReceiptError: ${String(error)}`, { cause: error });
    return error.code;
  }
}

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,120}$/);

describe('verifyReceipt on hostile input', () => {
  it('never throws anything but ReceiptError on arbitrary strings', async () => {
    const candidates = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.tuple(b64url, b64url, b64url).map((parts) => parts.join('.')),
      fc.array(b64url, { maxLength: 6 }).map((parts) => parts.join('.')),
    );
    await fc.assert(fc.asyncProperty(candidates, async (s) => {
      expect(await outcome(s)).not.toBe('ok');
    }), { numRuns: 500 });
    // 500 verifications: about 2 s alone, more on a loaded 2-core machine.
  }, 20_000);

  it('never throws anything but ReceiptError on a mutated receipt, and accepts only the original', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), with: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('swap' as const), order: fc.constantFrom([1, 0, 2], [0, 2, 1], [2, 1, 0], [0, 0, 2], [0, 1, 1]) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        let s = jws;
        for (const m of mutations) {
          if (m.kind === 'swap') {
            const parts = s.split('.');
            s = m.order.map((i) => parts[i] ?? '').join('.');
          } else {
            const at = m.at % (s.length + 1);
            if (m.kind === 'replace') s = s.slice(0, at) + m.with + s.slice(at + m.with.length);
            else if (m.kind === 'insert') s = s.slice(0, at) + m.with + s.slice(at);
            else s = s.slice(0, at) + s.slice(at + m.length);
          }
        }
        const result = await outcome(s);
        expect(result === 'ok').toBe(s === jws);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but ReceiptError on arbitrary headers', async () => {
    const [headerPart, payloadPart, signaturePart] = jws.split('.');
    const header = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('ES256', 'none', 'HS256', 'RS256'), fc.anything()),
        typ: fc.oneof(fc.constant('consent-receipt+jws'), fc.anything()),
        kid: fc.oneof(fc.constant(kid), fc.string()),
        jwk: fc.oneof(
          fc.constant(jwk),
          fc.anything(),
          fc.record({ kty: fc.constantFrom('EC', 'RSA', 'oct'), crv: fc.constantFrom('P-256', 'P-384'), x: b64url, y: b64url, d: b64url }, { requiredKeys: [] }),
        ),
        crit: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const [head] = forge(h, null).split('.');
        // Only the signed header itself (which fast-check does generate) may pass.
        expect((await outcome(`${head}.${payloadPart}.${signaturePart}`)) === 'ok').toBe(head === headerPart);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but ReceiptError on signed arbitrary payloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const signed = await signReceipt(value as unknown as ConsentReceiptPayload, keys.privateKey, jwk);
        expect(['RECEIPT_MALFORMED', 'RECEIPT_SCHEMA']).toContain(await outcome(signed));
      }),
      { numRuns: 300 },
    );
  });
});

/** Sets (or, for `undefined`, deletes) the value at each path, where its parent exists. */
function applyEdits(payload: Record<string, unknown>, edits: readonly (readonly [readonly (string | number)[], unknown])[]): void {
  for (const [path, value] of edits) {
    let parent: any = payload;
    for (const key of path.slice(0, -1)) parent = parent?.[key];
    if (typeof parent !== 'object' || parent === null) continue;
    if (value === undefined) delete parent[path.at(-1)!];
    // A copy: fast-check hands the same constant ({} or []) to many runs, and a later edit inside
    // it would otherwise change it for them all (and can make a cycle).
    else parent[path.at(-1)!] = structuredClone(value);
  }
}

/** Every path to a value inside a JSON tree, e.g. ['services', 0, 'purposes', 1, 'termination']. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

describe('checkPayload against the Kantara schema', () => {
  const base = () => JSON.parse(JSON.stringify(buildReceipt(receiptInput({ timeMs: NOW })))) as Record<string, unknown>;
  const allPaths = paths(base()).filter((p) => p.length > 0);

  const edited = fc.tuple(
    fc.constantFrom(...allPaths),
    fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', 0, -1, 1.5, true, [], {})),
  );

  it('accepts only payloads the schema accepts (it is at least as strict), and throws only RECEIPT_SCHEMA', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(edited, { minLength: 1, maxLength: 3 }), (edits) => {
        const payload = base();
        applyEdits(payload, edits);
        try {
          checkPayload(payload);
          accepted++;
          expect(kantara(payload), JSON.stringify(kantara.errors)).toBe(true);
        } catch (error) {
          if (!(error instanceof ReceiptError) || error.code !== 'RECEIPT_SCHEMA') throw error;
          refused++;
        }
      }),
      { numRuns: 2000 },
    );
    // Both branches ran, so the implication was actually tested.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
  // Every optional member present too, so that edits reach them (a rule on a member the base
  // lacks would otherwise go untested: a thirdPartyName the code ignores, say).
  const rich = () => {
    const p = base() as any;
    p.publicKey = 'unused';
    p.subjectId = 'customer-7';
    p.newKey = true;
    p.piiControllers[0].onBehalf = false;
    p.services[0].purposes[0].thirdPartyName = 'Courier LLP';
    p.terms.thirdPartyName = 'Courier LLP';
    return p as Record<string, unknown>;
  };
  const richEdits = fc.tuple(
    fc.constantFrom(...paths(rich()).filter((p) => p.length > 0)),
    fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', 0, -1, 1.5, true, false, [], {})),
  );

  it('agrees exactly with the published JSON Schema plus its two cross-field rules: the schema and the code cannot drift apart', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(richEdits, { minLength: 1, maxLength: 3 }), (edits) => {
        const payload = rich();
        applyEdits(payload, edits);
        let code = true;
        try {
          checkPayload(payload);
        } catch (error) {
          if (!(error instanceof ReceiptError) || error.code !== 'RECEIPT_SCHEMA') throw error;
          code = false;
        }
        const byRules = published(payload) && crossFieldRules(payload);
        expect(code, `${JSON.stringify(edits)}: checkPayload ${code}, schema ${JSON.stringify(published.errors)}`).toBe(byRules);
        if (code) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
