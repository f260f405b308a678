import { beforeAll, describe, expect, it } from 'vitest';
import { compactVerify, importJWK } from 'jose';
import {
  buildReceipt,
  countersign,
  generateDeviceKey,
  jwkThumbprint,
  publicJwk,
  signReceipt,
  verifyCountersignature,
  verifyReceipt,
  type PublicJwk,
  type VerifiedReceipt,
} from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';
import { highS, joseSign, rejection, twinOf } from './fixtures/jws.js';

const NOW = 1_764_000_000_000;
const SERVER_MS = NOW + 3 * 86_400_000 + 456;

let shopper: VerifiedReceipt;
let controller: CryptoKeyPair;
let controllerJwk: PublicJwk;
let countersigned: string;

beforeAll(async () => {
  const device = await generateDeviceKey();
  const jws = await signReceipt(buildReceipt(receiptInput({ timeMs: NOW })), device.privateKey, await publicJwk(device.publicKey));
  shopper = await verifyReceipt(jws, { now: NOW });
  controller = await generateDeviceKey();
  controllerJwk = await publicJwk(controller.publicKey);
  countersigned = await countersign(shopper, controller.privateKey, controllerJwk, SERVER_MS);
});

describe('countersign', () => {
  it('is verified by jose with the controller public key', async () => {
    const { protectedHeader, payload } = await compactVerify(countersigned, await importJWK(controllerJwk, 'ES256'));
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: await jwkThumbprint(controllerJwk), typ: 'consent-countersignature+jws' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      receipt: shopper.payload,
      receiptHash: shopper.chainHash,
      serverTime: Math.floor(SERVER_MS / 1000),
      serverTimeMs: SERVER_MS,
      iss: 'controller',
    });
  });

  it('accepts the private JWK the server was configured with, using only its public members', async () => {
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const privateJwk = await crypto.subtle.exportKey('jwk', extractable.privateKey);
    const cs = await countersign(shopper, extractable.privateKey, privateJwk, SERVER_MS);
    expect(cs.split('.')[0]).not.toContain(privateJwk.d);
    expect((await verifyCountersignature(cs, [privateJwk])).kid).toBe(await jwkThumbprint(privateJwk));
  });

  it('refuses a server time that is not an integer of ms', async () => {
    expect((await rejection(countersign(shopper, controller.privateKey, controllerJwk, 1.5))).code).toBe('RECEIPT_INPUT');
  });
});

describe('verifyCountersignature', () => {
  it('finds the key by kid in the JWKS and checks the shopper receipt it binds', async () => {
    const other = await publicJwk((await generateDeviceKey()).publicKey);
    const rsa = { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'old' };
    const verified = await verifyCountersignature(countersigned, [rsa, other, controllerJwk], shopper.jws);
    expect(verified.kid).toBe(await jwkThumbprint(controllerJwk));
    expect(verified.payload.receiptHash).toBe(shopper.chainHash);
    expect(verified.payload.receipt).toEqual(shopper.payload);
    expect(verified.header.typ).toBe('consent-countersignature+jws');
  });

  it('refuses when no controller key has the kid, with RECEIPT_KID', async () => {
    const other = await publicJwk((await generateDeviceKey()).publicKey);
    expect((await rejection(verifyCountersignature(countersigned, [other]))).code).toBe('RECEIPT_KID');
    expect((await rejection(verifyCountersignature(countersigned, []))).code).toBe('RECEIPT_KID');
  });

  it('refuses a countersignature of another receipt, with RECEIPT_COUNTERSIGNATURE', async () => {
    const device = await generateDeviceKey();
    const otherJws = await signReceipt(
      buildReceipt(receiptInput({ timeMs: NOW, id: crypto.randomUUID() })),
      device.privateKey,
      await publicJwk(device.publicKey),
    );
    const error = await rejection(verifyCountersignature(countersigned, [controllerJwk], otherJws));
    expect(error).toMatchObject({ code: 'RECEIPT_COUNTERSIGNATURE', message: 'receiptHash is not the chain hash of the shopper receipt' });
  });

  it('refuses a receiptHash that matches but a receipt copy that does not', async () => {
    const header = { alg: 'ES256', kid: await jwkThumbprint(controllerJwk), typ: 'consent-countersignature+jws' };
    const payload = {
      receipt: { ...shopper.payload, decisions: { processing: true, dissemination: true } },
      receiptHash: shopper.chainHash,
      serverTime: Math.floor(SERVER_MS / 1000),
      serverTimeMs: SERVER_MS,
      iss: 'controller',
    };
    const lying = await joseSign(header, payload, controller.privateKey);
    expect((await verifyCountersignature(lying, [controllerJwk])).payload.receiptHash).toBe(shopper.chainHash);
    const error = await rejection(verifyCountersignature(lying, [controllerJwk], shopper.jws));
    expect(error).toMatchObject({ code: 'RECEIPT_COUNTERSIGNATURE', message: 'receipt differs from the shopper receipt payload' });
  });

  it('refuses a signature by another key claiming the controller kid, with RECEIPT_SIGNATURE', async () => {
    const header = { alg: 'ES256', kid: await jwkThumbprint(controllerJwk), typ: 'consent-countersignature+jws' };
    const forged = await joseSign(header, JSON.parse(Buffer.from(countersigned.split('.')[1]!, 'base64url').toString()), (await generateDeviceKey()).privateKey);
    expect((await rejection(verifyCountersignature(forged, [controllerJwk]))).code).toBe('RECEIPT_SIGNATURE');
  });

  it('signs in low-S form, and still verifies a countersignature in either form (stored ones predate low-S signing)', async () => {
    expect(highS(countersigned)).toBe(false);
    const twin = twinOf(countersigned);
    expect(highS(twin)).toBe(true);
    expect((await verifyCountersignature(twin, [controllerJwk])).payload.receiptHash).toBe(shopper.chainHash);
  });

  it('refuses a shopper receipt offered as a countersignature', async () => {
    const shopperJwk = shopper.header.jwk;
    const error = await rejection(verifyCountersignature(shopper.jws, [shopperJwk]));
    expect(error.code).toBe('RECEIPT_COUNTERSIGNATURE');
  });

  it('refuses alg none and a bad payload', async () => {
    const kid = await jwkThumbprint(controllerJwk);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid, typ: 'consent-countersignature+jws' })).toString('base64url')}.${countersigned.split('.')[1]}.`;
    expect((await rejection(verifyCountersignature(none, [controllerJwk]))).code).toBe('RECEIPT_ALG');
    const header = { alg: 'ES256', kid, typ: 'consent-countersignature+jws' };
    const good = { receipt: shopper.payload, receiptHash: shopper.chainHash, serverTime: 1, serverTimeMs: 1999, iss: 'controller' };
    const bad: [Record<string, unknown>, string][] = [
      [{ ...good, iss: 'shopper' }, 'RECEIPT_COUNTERSIGNATURE'],
      [{ ...good, serverTime: 2 }, 'RECEIPT_COUNTERSIGNATURE'],
      [{ ...good, receiptHash: 'x' }, 'RECEIPT_COUNTERSIGNATURE'],
      [{ ...good, receipt: { ...shopper.payload, spiCat: undefined } }, 'RECEIPT_SCHEMA'],
    ];
    expect((await verifyCountersignature(await joseSign(header, good, controller.privateKey), [controllerJwk])).payload.serverTimeMs).toBe(1999);
    for (const [payload, code] of bad) {
      expect((await rejection(verifyCountersignature(await joseSign(header, payload, controller.privateKey), [controllerJwk]))).code).toBe(code);
    }
  });
});
