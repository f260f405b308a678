#!/usr/bin/env node
// Writes the protocol's test vectors (packages/receipt/vectors/*.json) from fresh keys, with the
// kit's own device and forgery helpers (src/test-device.ts): run it again only when the protocol
// changes, and commit what it writes. Each vector says what a verifier must answer; the receipt
// package's tests run every one, and the receiver's post each receipt to it. Needs this package
// and @artgrad/receipt built (dist/).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chainHash, countersign, signRightsRequest, verifyReceipt } from '@artgrad/receipt';
import { FORGERIES } from '../dist/forgeries.js';
import { decode as parts, testDevice } from '../dist/test-device.js';

const dir = fileURLToPath(new URL('../../receipt/vectors/', import.meta.url));
const AT = Date.parse('2026-12-01T09:00:00.000Z');

let n = 0;
/** Fixed ids and times a minute before `AT`, so the vectors read alike on every run. */
const at = (over = {}) => ({ id: `6f1c2b7e-0d4a-4c5b-9e3f-${String(++n).padStart(12, '0')}`, timeMs: AT - 60_000 + n * 1000, principalId: 'device:vectors', ...over });

const a = await testDevice();
const b = await testDevice();
const ctl = await testDevice();
const sign = (dev, over) => dev.sign(at(over));

const vectors = {};
const common = { verifyAt: AT, maxFutureSkewSeconds: 300 };

// Valid: one receipt, then a chain whose device key changes (newKey), given out of order.
const first = await sign(a, { event: 'given' });
vectors['receipt-valid'] = { description: 'A first receipt (prev null), as the SDK signs it: valid.', kind: 'receipt', ...common, jws: first, expect: { valid: true, kid: a.kid } };
const second = await sign(a, { event: 'updated', prev: await chainHash(first), decisions: { processing: true, dissemination: true } });
// The SDK's rotation: the first receipt of a new key starts its own chain (prev null) and says
// so (newKey: true); the two keys' chains are ordered apart, by key.
const third = await sign(b, { event: 'withdrawn', prev: null, newKey: true, decisions: { processing: true, dissemination: false } });
const ids = (list) => list.map((j) => parts(j)[1].consentReceiptID);
vectors['chain-key-rotation'] = {
  description: 'Three receipts: two by key A linked by prev, then the first by key B, as the SDK signs it after losing key A: prev null, newKey true. Two chains (one per key), no gap, no fork.',
  kind: 'chain',
  ...common,
  receipts: [first, second, third],
  expect: { valid: true, order: [ids([first, second]), ids([third])], gaps: 0, forks: 0 },
};
vectors['chain-reordered'] = {
  description: 'The same three receipts given in another order (as a backend may receive them): the chain order comes from prev, not from arrival.',
  kind: 'chain',
  ...common,
  receipts: [third, first, second],
  expect: { valid: true, order: [ids([first, second]), ids([third])], gaps: 0, forks: 0 },
};
vectors['chain-gap'] = {
  description: 'The middle receipt is missing: the one after it names a prev no receipt given has. A gap, reported, not an error.',
  kind: 'chain',
  ...common,
  receipts: [first, await sign(a, { event: 'updated', prev: await chainHash(second), decisions: { processing: false, dissemination: false } })],
  expect: { valid: true, gaps: 1, forks: 0 },
};

// The controller's countersignature, and its JWKS.
const verified = await verifyReceipt(first, { now: AT });
const cs = await countersign(verified, ctl.privateKey, ctl.jwk, AT);
const jwks = { keys: [{ ...ctl.jwk, kid: ctl.kid, alg: 'ES256', use: 'sig' }] };
vectors['countersignature-valid'] = { description: 'The controller\u2019s countersignature of receipt-valid, checked against the published JWKS and that receipt.', kind: 'countersignature', ...common, jws: first, countersignature: cs, jwks, expect: { valid: true } };
vectors['countersignature-other-receipt'] = { description: 'A valid countersignature presented for another receipt: refused.', kind: 'countersignature', ...common, jws: second, countersignature: cs, jwks, expect: { valid: false, error: 'RECEIPT_COUNTERSIGNATURE' } };
vectors['countersignature-unknown-key'] = { description: 'A countersignature under a key the JWKS does not list: refused.', kind: 'countersignature', ...common, jws: first, countersignature: cs, jwks: { keys: [{ ...a.jwk, kid: a.kid }] }, expect: { valid: false, error: 'RECEIPT_KID' } };

// What must be refused: the kit's forgeries (src/forgeries.ts), made from receipt-valid.
for (const f of FORGERIES) {
  const jws = await f.make({ device: a, other: b, base: first, nowMs: AT, sign: (over) => sign(a, over) });
  vectors[f.vector] = { description: f.description, kind: 'receipt', ...common, jws, expect: { valid: false, error: f.error } };
}

// A rights request (item 23), and one dressed as a receipt.
const request = await signRightsRequest(
  { kind: 'access', principalId: 'device:vectors', prev: null, detailsSha256: null, policy: { version: '2024-1', sha256: 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0', language: 'kk' }, language: 'kk', requestId: '7a1c2b7e-0d4a-4c5b-9e3f-000000000001', nowMs: AT - 30_000 },
  a.privateKey,
  a.jwk,
);
vectors['rights-request-valid'] = { description: 'An access request (item 23.1), typ rights-request+jws, signed by the device key.', kind: 'rights-request', ...common, jws: request, expect: { valid: true, kid: a.kid } };
vectors['rights-request-as-receipt'] = { description: 'The rights request given where a receipt is expected: its typ refuses it.', kind: 'receipt', ...common, jws: request, expect: { valid: false, error: 'RECEIPT_MALFORMED' } };

mkdirSync(dir, { recursive: true });
for (const file of readdirSync(dir)) if (file.endsWith('.json')) rmSync(`${dir}${file}`);
for (const [name, vector] of Object.entries(vectors)) writeFileSync(`${dir}${name}.json`, `${JSON.stringify(vector, null, 2)}\n`);
console.log(`wrote ${Object.keys(vectors).length} vectors to ${dir}`);
