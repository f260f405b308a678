import { beforeAll, describe, expect, it } from 'vitest';
import { compactVerify, importJWK } from 'jose';
import { generateDeviceKey, jwkThumbprint, publicJwk, signDeviceProof, verifyDeviceProof, type PublicJwk } from '@artgrad/receipt';
import { forge, highS, joseSign, rejection, twinOf } from './fixtures/jws.js';

const NOW = 1_764_000_000_000;
const request = { method: 'GET', path: '/receipts/6f1c2a0e-3b7d-4c1e-9a55-2f6d8e4b1c90' };
let keys: CryptoKeyPair;
let jwk: PublicJwk;
let kid: string;
let proof: string;

beforeAll(async () => {
  keys = await generateDeviceKey();
  jwk = await publicJwk(keys.publicKey);
  kid = await jwkThumbprint(jwk);
  proof = await signDeviceProof(request, keys.privateKey, jwk, NOW);
});

const check = (jws: string, overrides: Partial<Parameters<typeof verifyDeviceProof>[1]> = {}) =>
  verifyDeviceProof(jws, { ...request, now: NOW, ...overrides });

describe('device proof', () => {
  it('names the device key, the request and the time, and verifies with jose too', async () => {
    const verified = await check(proof);
    expect(verified.kid).toBe(kid);
    expect(verified.payload).toMatchObject({ htm: 'GET', htp: request.path, iat: NOW / 1000 });
    const { protectedHeader } = await compactVerify(proof, async (h) => importJWK(h.jwk!, 'ES256'));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'device-proof+jws', kid });
  });

  it('is good only for its method and path', async () => {
    expect((await rejection(check(proof, { method: 'POST' }))).code).toBe('RECEIPT_PROOF');
    expect((await rejection(check(proof, { path: '/receipts/6f1c2a0e-3b7d-4c1e-9a55-2f6d8e4b1c91' }))).code).toBe('RECEIPT_PROOF');
  });

  it('is good only within the skew of the verifier clock, either way', async () => {
    await expect(check(proof, { now: NOW + 300_000 })).resolves.toBeTruthy();
    await expect(check(proof, { now: NOW - 300_000 })).resolves.toBeTruthy();
    expect((await rejection(check(proof, { now: NOW + 301_000 }))).code).toBe('RECEIPT_PROOF');
    expect((await rejection(check(proof, { now: NOW - 301_000 }))).code).toBe('RECEIPT_PROOF');
  });

  it('refuses another key signing, a receipt typ, alg none, a high-S twin and junk', async () => {
    const [h, p] = proof.split('.') as [string, string];
    const other = await generateDeviceKey();
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect((await rejection(check(await joseSign(header, payload, other.privateKey)))).code).toBe('RECEIPT_SIGNATURE');
    expect((await rejection(check(await joseSign({ ...header, typ: 'consent-receipt+jws' }, payload, keys.privateKey)))).code).toBe('RECEIPT_PROOF');
    expect((await rejection(check(forge({ ...header, alg: 'none' }, payload)))).code).toBe('RECEIPT_ALG');
    expect(highS(proof)).toBe(false);
    expect((await rejection(check(twinOf(proof)))).code).toBe('RECEIPT_SIGNATURE');
    for (const junk of ['', 'a.b.c', 'x'.repeat(5000)]) expect((await rejection(check(junk))).code).toMatch(/^RECEIPT_/);
  });
});
