#!/usr/bin/env node
// Writes the protocol's test vectors (vectors/*.json) from fresh keys: run it again only when the
// protocol changes, and commit what it writes. Each vector says what a verifier must answer;
// `test/vectors.test.ts` runs every one against this package, and the conformance kit against a
// backend. Needs the package built (dist/).
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildReceipt,
  chainHash,
  countersign,
  jwkThumbprint,
  publicJwk,
  signReceipt,
  signRightsRequest,
  verifyReceipt,
} from '../dist/index.js';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));
const AT = Date.parse('2026-12-01T09:00:00.000Z');
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const parts = (jws) => jws.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString()));

async function device() {
  // Exportable here (the private-d vector puts the private half in a header); the SDK's never is.
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await publicJwk(pair.publicKey);
  return { privateKey: pair.privateKey, jwk, kid: await jwkThumbprint(jwk) };
}

/** ES256 over any header and payload, low-S as verifiers require. */
async function es256(header, payload, privateKey) {
  const input = `${b64(header)}.${b64(payload)}`;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(input)));
  let s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
  if (s > P256_N / 2n) s = P256_N - s;
  return `${input}.${Buffer.concat([Buffer.from(sig.subarray(0, 32)), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]).toString('base64url')}`;
}

function twin(jws) {
  const [h, p, sig] = jws.split('.');
  const bytes = Buffer.from(sig, 'base64url');
  const s = P256_N - BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  return `${h}.${p}.${Buffer.concat([bytes.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]).toString('base64url')}`;
}

const controller = {
  name: '«АртГрад» ЖШС',
  bin: '123456789012',
  address: 'Алматы қ., Абай даңғылы 1',
  email: 'privacy@artgrad.kz',
  phone: '+7 727 000 00 00',
  url: 'https://artgrad.kz',
};
let n = 0;
const input = (over = {}) => ({
  id: `6f1c2b7e-0d4a-4c5b-9e3f-${String(++n).padStart(12, '0')}`,
  timeMs: AT - 60_000 + n * 1000,
  principalId: 'device:vectors',
  controller,
  policyUrl: 'https://artgrad.kz/policy/2024-1/kk',
  language: 'kk',
  purposes: [
    { id: 'processing', label: 'Дербес деректерді жинау және өңдеу' },
    { id: 'dissemination', label: 'Дербес деректерді жалпыға қолжетімді көздерде тарату' },
  ],
  decisions: { processing: true, dissemination: false },
  event: 'given',
  policy: { version: '2024-1', sha256: 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0', language: 'kk' },
  confirmation: { method: 'checkbox', fullTextOpened: true, msOnStep: 1840 },
  prev: null,
  terms: { term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false },
  ...over,
});

const a = await device();
const b = await device();
const ctl = await device();
const sign = (dev, over) => signReceipt(buildReceipt(input(over)), dev.privateKey, dev.jwk);
const header = (dev) => ({ alg: 'ES256', typ: 'consent-receipt+jws', kid: dev.kid, jwk: dev.jwk });

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

// What must be refused.
const [h, p] = parts(first);
const bad = async (name, description, jws, error, extra = {}) => (vectors[name] = { description, kind: 'receipt', ...common, ...extra, jws, expect: { valid: false, error } });
await bad('tampered', 'The payload changed after signing (dissemination granted): the signature fails.', `${b64(h)}.${b64({ ...p, decisions: { processing: true, dissemination: true } })}.${first.split('.')[2]}`, 'RECEIPT_SIGNATURE');
await bad('high-s-twin', 'The same receipt with (r, n \u2212 s): a valid ECDSA signature anyone can make without the key. Only low-S is accepted, so a twin cannot take the receipt\u2019s id first.', twin(first), 'RECEIPT_SIGNATURE');
await bad('wrong-typ', 'Signed correctly, but typ is not consent-receipt+jws.', await es256({ ...header(a), typ: 'JWT' }, p, a.privateKey), 'RECEIPT_MALFORMED');
await bad('alg-none', 'alg none, no signature.', `${b64({ ...header(a), alg: 'none' })}.${b64(p)}.`, 'RECEIPT_ALG');
{
  const hs = { ...header(a), alg: 'HS256' };
  const input = `${b64(hs)}.${b64(p)}`;
  await bad('hs256', 'alg HS256, keyed with the public key\u2019s x: an HMAC anyone can compute.', `${input}.${createHmac('sha256', Buffer.from(a.jwk.x, 'base64url')).update(input).digest('base64url')}`, 'RECEIPT_ALG');
}
{
  const exported = await crypto.subtle.exportKey('jwk', a.privateKey);
  await bad('private-d', 'The header\u2019s jwk carries the private key (d): refused, whatever the signature.', await es256({ ...header(a), jwk: { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y, d: exported.d } }, p, a.privateKey), 'RECEIPT_JWK');
}
await bad('kid-mismatch', 'kid is not the RFC 7638 thumbprint of the header\u2019s jwk.', await es256({ ...header(a), kid: b.kid }, p, a.privateKey), 'RECEIPT_KID');
await bad('future-dated', 'consentTimestamp an hour after the verifier\u2019s clock (more than the 300 s skew): refused now, and a backend keeps it for later (the SDK retries).', await sign(a, { timeMs: AT + 3_600_000 }), 'RECEIPT_FUTURE');
await bad('undeclared-purpose', 'decisions names a purpose the receipt does not list in services.', await es256(header(a), { ...p, decisions: { ...p.decisions, marketing: true } }, a.privateKey), 'RECEIPT_SCHEMA');
await bad('missing-member', 'A Kantara member (policyUrl) is missing.', await es256(header(a), (({ policyUrl, ...rest }) => rest)(p), a.privateKey), 'RECEIPT_SCHEMA');

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
