import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import {
  BATCH_ENVELOPE_BYTES,
  batchBytes,
  MAX_BATCH_BYTES,
  MAX_RECEIPT_JWS_LENGTH,
  buildReceipt,
  chainHash,
  decodeBase64Url,
  decodeReceipt,
  encodeBase64Url,
  generateDeviceKey,
  jwkThumbprint,
  publicJwk,
  ReceiptError,
  signReceipt,
  verifyReceipt,
  type PublicJwk,
} from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';
import { forge, highS, joseSign, joseSignRaw, rejection, twinOf } from './fixtures/jws.js';

const NOW = 1_764_000_000_000; // the verifier's clock in these tests: exactly on a second
let keys: CryptoKeyPair;
let jwk: PublicJwk;
let kid: string;
let jws: string;

beforeAll(async () => {
  keys = await generateDeviceKey();
  jwk = await publicJwk(keys.publicKey);
  kid = await jwkThumbprint(jwk);
  jws = await signReceipt(buildReceipt(receiptInput({ timeMs: NOW - 1000 })), keys.privateKey, jwk);
});

const header = () => ({ alg: 'ES256', typ: 'consent-receipt+jws', kid, jwk });
const payload = (overrides = {}) => buildReceipt(receiptInput({ timeMs: NOW - 1000, ...overrides }));

describe('device key', () => {
  it('is P-256 ECDSA with a non-extractable private key and an exportable public key', async () => {
    expect(keys.privateKey.extractable).toBe(false);
    expect(keys.privateKey.usages).toEqual(['sign']);
    expect(keys.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow();
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  });

  it('publicJwk refuses a private key, so it can never export d', async () => {
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    expect((await rejection(publicJwk(extractable.privateKey))).code).toBe('RECEIPT_JWK');
  });
});

describe('jwkThumbprint', () => {
  it('equals jose (RFC 7638), for the public JWK and for the private one', async () => {
    expect(kid).toBe(await calculateJwkThumbprint(jwk));
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const privateJwk = await crypto.subtle.exportKey('jwk', extractable.privateKey);
    expect(await jwkThumbprint(privateJwk)).toBe(await calculateJwkThumbprint(privateJwk as never));
  });

  it('hashes the members in lexicographic order without whitespace', async () => {
    const canonical = `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
    expect(kid).toBe(createHash('sha256').update(canonical).digest('base64url'));
  });

  it('refuses a non-P-256 key', async () => {
    expect((await rejection(jwkThumbprint({ ...jwk, crv: 'P-384' }))).code).toBe('RECEIPT_JWK');
    expect((await rejection(jwkThumbprint({ ...jwk, x: jwk.x.slice(1) }))).code).toBe('RECEIPT_JWK');
  });
});

describe('signReceipt → verifyReceipt', () => {
  it('round-trips the payload and reports kid and chain hash', async () => {
    const verified = await verifyReceipt(jws, { now: NOW });
    expect(verified.payload).toEqual(payload());
    expect(verified.kid).toBe(kid);
    expect(verified.header).toEqual(header());
    expect(verified.jws).toBe(jws);
    expect(verified.chainHash).toBe(await chainHash(jws));
  });

  it('writes the header exactly as specified and a raw 64-byte r‖s signature', () => {
    const [h, , s] = jws.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual(header());
    expect(Object.keys(JSON.parse(Buffer.from(h!, 'base64url').toString()))).toEqual(['alg', 'typ', 'kid', 'jwk']);
    expect(Buffer.from(s!, 'base64url')).toHaveLength(64);
  });

  it('is verified by jose using only the jwk in the JWS header', async () => {
    const result = await compactVerify(jws, async (protectedHeader) => importJWK(protectedHeader.jwk!, 'ES256'));
    expect(result.protectedHeader).toEqual(header());
    expect(JSON.parse(new TextDecoder().decode(result.payload))).toEqual(payload());
    expect(await calculateJwkThumbprint(result.protectedHeader.jwk!)).toBe(result.protectedHeader.kid);
  });

  it('verifies a receipt signed by jose in low-S form, and refuses one jose signed in high-S form', async () => {
    // jose leaves s as WebCrypto made it: about half come out high-S. Sign until both forms are seen.
    const seen = { low: 0, high: 0 };
    for (let i = 0; i < 64 && (seen.low === 0 || seen.high === 0); i++) {
      const signed = await joseSignRaw(header(), payload(), keys.privateKey);
      if (highS(signed)) {
        seen.high++;
        const error = await rejection(verifyReceipt(signed, { now: NOW }));
        expect(error.code).toBe('RECEIPT_SIGNATURE');
        expect(error.message).toMatch(/high-S/);
      } else {
        seen.low++;
        expect((await verifyReceipt(signed, { now: NOW })).payload).toEqual(payload());
      }
    }
    expect(seen.low).toBeGreaterThan(0);
    expect(seen.high).toBeGreaterThan(0);
  });

  it('always signs in low-S form (s ≤ n/2), so each receipt has one valid encoding', async () => {
    for (let i = 0; i < 40; i++) expect(highS(await signReceipt(payload(), keys.privateKey, jwk))).toBe(false);
  });

  it('refuses a header jwk with a private member before it reaches the header', async () => {
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const privateJwk = await crypto.subtle.exportKey('jwk', extractable.privateKey);
    const error = await rejection(signReceipt(payload(), extractable.privateKey, privateJwk as PublicJwk));
    expect(error.code).toBe('RECEIPT_JWK');
  });

  it('refuses a key that is not a P-256 private key', async () => {
    const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    expect((await rejection(signReceipt(payload(), p384.privateKey, jwk))).code).toBe('RECEIPT_INPUT');
    expect((await rejection(signReceipt(payload(), keys.publicKey, jwk))).code).toBe('RECEIPT_INPUT');
  });

  it('refuses to sign a receipt no verifier would accept for its size', async () => {
    const big = payload({ confirmation: { method: 'checkbox', note: 'x'.repeat(64 * 1024) } });
    expect((await rejection(signReceipt(big, keys.privateKey, jwk))).code).toBe('RECEIPT_TOO_LARGE');
  });
});

describe('verifyReceipt refuses', () => {
  const code = async (candidate: string, options = { now: NOW }) => (await rejection(verifyReceipt(candidate, options))).code;

  it('one changed character anywhere in the payload or signature, with RECEIPT_SIGNATURE', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const start = jws.indexOf('.') + 1;
    const codes = new Map<string, number>();
    for (let i = start; i < jws.length; i++) {
      if (jws[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(jws[i]!) + 17) % 64];
      const c = await code(jws.slice(0, i) + other + jws.slice(i + 1));
      codes.set(c!, (codes.get(c!) ?? 0) + 1);
    }
    expect([...codes.keys()]).toEqual(['RECEIPT_SIGNATURE']);
    expect(codes.get('RECEIPT_SIGNATURE')).toBe(jws.length - start - 1);
  });

  it('one flipped bit in any byte of the payload JSON, with RECEIPT_SIGNATURE', async () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const bytes = Buffer.from(p, 'base64url');
    const seen = new Set<string | undefined>();
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i]! ^= 1;
      seen.add(await code(`${h}.${changed.toString('base64url')}.${s}`));
    }
    expect([...seen]).toEqual(['RECEIPT_SIGNATURE']);
  });

  it('any change in the header, each with a ReceiptError', async () => {
    const end = jws.indexOf('.');
    for (let i = 0; i < end; i++) {
      const changed = jws.slice(0, i) + (jws[i] === 'A' ? 'B' : 'A') + jws.slice(i + 1);
      const error = await rejection(verifyReceipt(changed, { now: NOW }));
      expect(error.error).toBeInstanceOf(ReceiptError);
    }
  });

  it('a non-canonical signature encoding (changed unused trailing bits)', async () => {
    const last = jws.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 86 characters carries 4 signature bits and 2 unused bits: set an unused bit.
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const changed = jws.slice(0, -1) + sibling;
    expect(Buffer.from(changed.split('.')[2]!, 'base64url')).toEqual(Buffer.from(jws.split('.')[2]!, 'base64url'));
    expect(await code(changed)).toBe('RECEIPT_SIGNATURE');
  });

  it('alg none, with RECEIPT_ALG', async () => {
    expect(await code(forge({ ...header(), alg: 'none' }, payload()))).toBe('RECEIPT_ALG');
    expect(await code(forge({ typ: 'consent-receipt+jws', kid, jwk }, payload(), jws.split('.')[2]))).toBe('RECEIPT_ALG');
  });

  it('HS256 keyed with anything, with RECEIPT_ALG', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    expect(await code(await joseSign({ ...header(), alg: 'HS256' }, payload(), secret))).toBe('RECEIPT_ALG');
    expect(await code(forge({ ...header(), alg: 'ES384' }, payload(), jws.split('.')[2]))).toBe('RECEIPT_ALG');
  });

  it('a kid that is not the thumbprint of the header jwk, with RECEIPT_KID', async () => {
    expect(await code(await joseSign({ ...header(), kid: 'device-1' }, payload(), keys.privateKey))).toBe('RECEIPT_KID');
    const other = await generateDeviceKey();
    const otherKid = await jwkThumbprint(await publicJwk(other.publicKey));
    expect(await code(await joseSign({ ...header(), kid: otherKid }, payload(), keys.privateKey))).toBe('RECEIPT_KID');
  });

  it('a header jwk carrying the private member d, with RECEIPT_JWK', async () => {
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const privateJwk = await crypto.subtle.exportKey('jwk', extractable.privateKey);
    const leaky = { alg: 'ES256', typ: 'consent-receipt+jws', kid: await jwkThumbprint(privateJwk), jwk: privateJwk };
    expect(await code(await joseSign(leaky, payload(), extractable.privateKey))).toBe('RECEIPT_JWK');
  });

  it('a header jwk that is not a P-256 point, with RECEIPT_JWK', async () => {
    const offCurve = { ...jwk, y: jwk.x };
    const h = { ...header(), jwk: offCurve, kid: await jwkThumbprint(offCurve) };
    expect(await code(forge(h, payload(), jws.split('.')[2]))).toBe('RECEIPT_JWK');
    expect(await code(forge({ ...header(), jwk: { kty: 'oct', k: 'c2VjcmV0' } }, payload(), jws.split('.')[2]))).toBe('RECEIPT_JWK');
    expect(await code(forge({ ...header(), jwk: undefined }, payload(), jws.split('.')[2]))).toBe('RECEIPT_JWK');
  });

  it('a receipt signed by another key than the one in its header, with RECEIPT_SIGNATURE', async () => {
    const other = await generateDeviceKey();
    expect(await code(await joseSign(header(), payload(), other.privateKey))).toBe('RECEIPT_SIGNATURE');
  });

  it("the signature's malleable twin (r, n − s), which jose accepts, with RECEIPT_SIGNATURE", async () => {
    // Anyone who sees a receipt can compute its twin without the key: posted first, it would
    // take the receipt's id and lock the device's own receipt out as a clash.
    const twin = twinOf(jws);
    expect(twin).not.toBe(jws);
    expect(highS(twin)).toBe(true);
    await expect(compactVerify(twin, async (h) => importJWK(h.jwk!, 'ES256'))).resolves.toBeTruthy();
    const error = await rejection(verifyReceipt(twin, { now: NOW }));
    expect(error.code).toBe('RECEIPT_SIGNATURE');
    expect(error.message).toMatch(/high-S/);
    // A reader of receipts stored before signers normalised may still take it as the device's signature.
    expect((await verifyReceipt(twin, { now: NOW, requireLowS: false })).payload).toEqual(payload());
  });

  it('a signature in DER form, with RECEIPT_SIGNATURE', async () => {
    const raw = Buffer.from(jws.split('.')[2]!, 'base64url');
    const int = (b: Buffer) => (b[0]! & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
    const [r, s] = [int(raw.subarray(0, 32)), int(raw.subarray(32))];
    const der = Buffer.concat([Buffer.of(0x30, r.length + s.length + 4, 0x02, r.length), r, Buffer.of(0x02, s.length), s]);
    const error = await rejection(verifyReceipt(jws.replace(/[^.]+$/, der.toString('base64url')), { now: NOW }));
    expect(error).toMatchObject({ code: 'RECEIPT_SIGNATURE', message: `signature must be 64 bytes, not ${der.length}` });
  });

  it('another typ or a crit header, with RECEIPT_MALFORMED', async () => {
    expect(await code(await joseSign({ ...header(), typ: 'JWT' }, payload(), keys.privateKey))).toBe('RECEIPT_MALFORMED');
    expect(await code(forge({ ...header(), crit: ['exp'], exp: 1 }, payload(), jws.split('.')[2]))).toBe('RECEIPT_MALFORMED');
  });

  it('a signed payload that is not JSON, with RECEIPT_MALFORMED', async () => {
    expect(await code(await joseSign(header(), 'not json', keys.privateKey))).toBe('RECEIPT_MALFORMED');
    expect(await code(await joseSign(header(), '[1,2]', keys.privateKey))).toBe('RECEIPT_MALFORMED');
  });

  it('a signed payload the schema refuses, with RECEIPT_SCHEMA naming the path', async () => {
    const { spiCat: _, ...noSpiCat } = payload();
    const error = await rejection(verifyReceipt(await joseSign(header(), noSpiCat, keys.privateKey), { now: NOW }));
    expect(error).toMatchObject({ code: 'RECEIPT_SCHEMA', message: 'spiCat must be an array' });
  });

  it('junk, with RECEIPT_MALFORMED', async () => {
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d', '..', '!!.!!.!!', `${jws}.`]) expect(await code(junk)).toBe('RECEIPT_MALFORMED');
    expect((await rejection(verifyReceipt(42 as never))).code).toBe('RECEIPT_MALFORMED');
  });

  it('more than fits one batch of the wire protocol, with RECEIPT_TOO_LARGE', async () => {
    expect(MAX_RECEIPT_JWS_LENGTH + BATCH_ENVELOPE_BYTES + 3).toBe(MAX_BATCH_BYTES);
    expect(batchBytes(['a'.repeat(MAX_RECEIPT_JWS_LENGTH)])).toBe(MAX_BATCH_BYTES);
    expect(await code('a'.repeat(MAX_RECEIPT_JWS_LENGTH + 1))).toBe('RECEIPT_TOO_LARGE');
    expect(await code(`${jws}${'A'.repeat(MAX_RECEIPT_JWS_LENGTH)}`)).toBe('RECEIPT_TOO_LARGE');
    // At the bound it is read (and refused for what it is, not for its size).
    expect(await code('a'.repeat(MAX_RECEIPT_JWS_LENGTH))).toBe('RECEIPT_MALFORMED');
  });
});

describe('verifyReceipt and time', () => {
  const signed = (timeMs: number) => signReceipt(payload({ timeMs }), keys.privateKey, jwk);

  it('refuses a consentTimestamp more than the skew ahead of the verifier, with RECEIPT_FUTURE', async () => {
    const ahead = await signed(NOW + 301_000);
    expect((await rejection(verifyReceipt(ahead, { now: NOW }))).code).toBe('RECEIPT_FUTURE');
    expect((await rejection(verifyReceipt(await signed(NOW + 60_000), { now: NOW, maxFutureSkewSeconds: 30 }))).code).toBe(
      'RECEIPT_FUTURE',
    );
  });

  it('accepts up to the skew ahead (300 s by default)', async () => {
    expect((await verifyReceipt(await signed(NOW + 300_999), { now: NOW })).payload.iat_ms).toBe(NOW + 300_999);
    expect((await verifyReceipt(await signed(NOW + 60_000), { now: NOW, maxFutureSkewSeconds: 60 })).payload.iat_ms).toBe(NOW + 60_000);
  });

  it('accepts a receipt made two days ago: offline shoppers sync late', async () => {
    const old = await signed(NOW - 2 * 24 * 3600 * 1000);
    expect((await verifyReceipt(old, { now: NOW })).payload.consentTimestamp).toBe(NOW / 1000 - 2 * 24 * 3600);
  });

  it('refuses a clock that is not a number rather than skipping the check', async () => {
    const ahead = await signed(NOW + 3600_000);
    expect((await rejection(verifyReceipt(ahead, { now: Number.NaN }))).code).toBe('RECEIPT_INPUT');
    expect((await rejection(verifyReceipt(ahead, { now: NOW, maxFutureSkewSeconds: Number.NaN }))).code).toBe('RECEIPT_INPUT');
  });

  it('uses the real clock by default', async () => {
    expect((await rejection(verifyReceipt(await signed(Date.now() + 3600_000)))).code).toBe('RECEIPT_FUTURE');
    expect((await verifyReceipt(await signed(Date.now()))).kid).toBe(kid);
  });
});

describe('verifyReceipt with knownPurposes', () => {
  it('refuses a decision about a purpose it does not know, with RECEIPT_PURPOSE', async () => {
    const error = await rejection(verifyReceipt(jws, { now: NOW, knownPurposes: ['processing'] }));
    expect(error).toMatchObject({ code: 'RECEIPT_PURPOSE', message: 'decisions.dissemination is not a known purpose' });
  });

  it('accepts decisions all among the known purposes', async () => {
    const known = ['processing', 'dissemination', 'cross-border'];
    expect((await verifyReceipt(jws, { now: NOW, knownPurposes: known })).payload.decisions).toEqual({ processing: true, dissemination: false });
  });
});

describe('chainHash', () => {
  it('is SHA-256 of the compact string, base64url', async () => {
    expect(await chainHash(jws)).toBe(createHash('sha256').update(jws, 'ascii').digest('base64url'));
    expect(await chainHash('a.b.c')).toBe('hF4wRIgJ4ryJWOsCW_x5UjXROwd6U9DDq70jhRcNybg');
  });

  it('refuses what is not a compact JWS', async () => {
    expect((await rejection(chainHash('not a jws'))).code).toBe('RECEIPT_MALFORMED');
  });
});

describe('decodeReceipt', () => {
  it('returns header and payload without verifying', () => {
    expect(decodeReceipt(jws)).toEqual({ header: header(), payload: payload() });
    const unsigned = forge(header(), payload(), 'AAAA');
    expect(decodeReceipt(unsigned).payload.consentReceiptID).toBe(payload().consentReceiptID);
  });

  it('throws RECEIPT_MALFORMED on junk', () => {
    for (const junk of ['', 'a.b', 'a.b.c', forge([1], {}, 'x'), `${jws.split('.')[0]}.bm90IGpzb24.x`, jws.replace('.', '.\u00e9')]) {
      expect(() => decodeReceipt(junk)).toThrow(expect.objectContaining({ code: 'RECEIPT_MALFORMED' }));
    }
  });
});

describe('base64url', () => {
  it('round-trips bytes as Node encodes them', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 33, 64, 100_000]) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
  });

  it('refuses padding, standard-alphabet characters, impossible lengths and non-zero trailing bits', () => {
    for (const text of ['AA==', 'a+b/', 'A', 'AB', 'AAB', ' AA']) {
      expect(() => decodeBase64Url(text)).toThrow(expect.objectContaining({ code: 'RECEIPT_MALFORMED' }));
    }
    expect(decodeBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
});
