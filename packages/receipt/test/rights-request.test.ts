import { beforeAll, describe, expect, it } from 'vitest';
import { compactVerify, importJWK } from 'jose';
import {
  chainHash,
  generateDeviceKey,
  jwkThumbprint,
  publicJwk,
  signRightsAck,
  signRightsRequest,
  verifyReceipt,
  verifyRightsAck,
  verifyRightsRequest,
  type PublicJwk,
  type RightsRequestInput,
} from '@artgrad/receipt';
import { forge, joseSign, rejection, twinOf } from './fixtures/jws.js';

const NOW = 1_780_000_000_000;
const SHA = 'u9kQ5f2mEcJayKU-fNXUMaS6-TtKD6cCsigaIOpUI4c';
const input: RightsRequestInput = {
  kind: 'correction',
  principalId: 'device-7d2f',
  prev: null,
  detailsSha256: SHA,
  policy: { version: '2024-1', sha256: SHA, language: 'kk' },
  language: 'kk',
  nowMs: NOW,
};
let keys: CryptoKeyPair;
let jwk: PublicJwk;
let jws: string;

beforeAll(async () => {
  keys = await generateDeviceKey();
  jwk = await publicJwk(keys.publicKey);
  jws = await signRightsRequest(input, keys.privateKey, jwk);
});

const parts = (token: string) => token.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString())) as [Record<string, unknown>, Record<string, unknown>];

describe('rights request', () => {
  it('is a JWS of its own typ, naming the kind and its policy item, verifiable with jose', async () => {
    const verified = await verifyRightsRequest(jws, { now: NOW });
    expect(verified.kid).toBe(await jwkThumbprint(jwk));
    expect(verified.payload).toMatchObject({ kind: 'correction', item: '23.2', iat: NOW / 1000, prev: null, detailsSha256: SHA });
    expect(verified.chainHash).toBe(await chainHash(jws));
    const { protectedHeader } = await compactVerify(jws, async (h) => importJWK(h.jwk!, 'ES256'));
    expect(protectedHeader.typ).toBe('rights-request+jws');
  });

  it('cannot pass for a consent receipt, nor a receipt for a request', async () => {
    expect((await rejection(verifyReceipt(jws))).code).toBe('RECEIPT_MALFORMED');
    const [header, payload] = parts(jws);
    const asReceipt = await joseSign({ ...header, typ: 'consent-receipt+jws' }, payload, keys.privateKey);
    expect((await rejection(verifyRightsRequest(asReceipt, { now: NOW }))).code).toBe('RECEIPT_MALFORMED');
  });

  it('refuses a tampered payload, another signer, alg none, a high-S twin, a future time and unknown members', async () => {
    const [header, payload] = parts(jws);
    const other = await generateDeviceKey();
    const check = (token: string) => rejection(verifyRightsRequest(token, { now: NOW }));
    const tampered = `${jws.split('.')[0]}.${Buffer.from(JSON.stringify({ ...payload, kind: 'destruction', item: '23.4' })).toString('base64url')}.${jws.split('.')[2]}`;
    expect((await check(tampered)).code).toBe('RECEIPT_SIGNATURE');
    expect((await check(await joseSign(header, payload, other.privateKey))).code).toBe('RECEIPT_SIGNATURE');
    expect((await check(forge({ ...header, alg: 'none' }, payload))).code).toBe('RECEIPT_ALG');
    expect((await check(twinOf(jws))).code).toBe('RECEIPT_SIGNATURE');
    expect((await rejection(verifyRightsRequest(jws, { now: NOW - 301_000 }))).code).toBe('RECEIPT_FUTURE');
    expect((await check(await joseSign(header, { ...payload, replyTo: 'a@b.kz' }, keys.privateKey))).code).toBe('RECEIPT_SCHEMA');
    expect((await check(await joseSign(header, { ...payload, item: '23.1' }, keys.privateKey))).code).toBe('RECEIPT_SCHEMA');
    expect((await check(await joseSign(header, { ...payload, kind: 'erase', item: '23.4' }, keys.privateKey))).code).toBe('RECEIPT_SCHEMA');
  });

  it('refuses to sign what a verifier would refuse', async () => {
    await expect(signRightsRequest({ ...input, kind: 'erase' as never }, keys.privateKey, jwk)).rejects.toMatchObject({ code: 'RECEIPT_INPUT' });
    await expect(signRightsRequest({ ...input, prev: 'not-a-hash' }, keys.privateKey, jwk)).rejects.toMatchObject({ code: 'RECEIPT_INPUT' });
  });
});

describe('acknowledgement', () => {
  it('binds the controller to the received time and due date of exactly this request', async () => {
    const controller = await generateDeviceKey();
    const controllerJwk = await publicJwk(controller.publicKey);
    const ack = await signRightsAck(
      {
        requestId: parts(jws)[1].requestId as string,
        requestHash: await chainHash(jws),
        kind: 'correction',
        kid: await jwkThumbprint(jwk),
        receivedAtMs: NOW,
        receivedDay: '2026-05-28',
        workingDays: 1,
        dueDay: '2026-05-29',
        dueBy: '2026-05-29T23:59:59.999+05:00',
        provisional: false,
        items: ['26.8'],
      },
      controller.privateKey,
      controllerJwk,
    );
    expect(await verifyRightsAck(ack, [controllerJwk], jws)).toMatchObject({ iss: 'controller', dueDay: '2026-05-29', items: ['26.8'] });
    const otherRequest = await signRightsRequest({ ...input, kind: 'access', detailsSha256: null }, keys.privateKey, jwk);
    expect((await rejection(verifyRightsAck(ack, [controllerJwk], otherRequest))).code).toBe('RECEIPT_COUNTERSIGNATURE');
    expect((await rejection(verifyRightsAck(ack, [jwk]))).code).toBe('RECEIPT_KID');
  });
});
