// Real Chromium: the device key as the SDK keeps it, non-extractable and stored in IndexedDB.
import { describe, expect, it } from 'vitest';
import {
  buildReceipt,
  chainHash,
  generateDeviceKey,
  jwkThumbprint,
  publicJwk,
  signReceipt,
  verifyChain,
  verifyReceipt,
} from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';

const NOW = 1_764_000_000_000;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function openDb(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore('keys');
  return request(req);
}

async function store(name: string, value: unknown): Promise<void> {
  const db = await openDb(name);
  const tx = db.transaction('keys', 'readwrite');
  tx.objectStore('keys').put(value, 'device');
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function load<T>(name: string): Promise<T> {
  const db = await openDb(name);
  const value = await request(db.transaction('keys').objectStore('keys').get('device'));
  db.close();
  return value as T;
}

describe('device key in Chromium', () => {
  it('generates a P-256 key whose private half cannot be exported', async () => {
    const keys = await generateDeviceKey();
    expect(keys.privateKey.extractable).toBe(false);
    expect(keys.publicKey.extractable).toBe(true);
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('pkcs8', keys.privateKey)).rejects.toThrow();
    const jwk = await publicJwk(keys.publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  });

  it('signs, verifies and hashes the chain', async () => {
    const keys = await generateDeviceKey();
    const jwk = await publicJwk(keys.publicKey);
    const jws = await signReceipt(buildReceipt(receiptInput({ timeMs: NOW })), keys.privateKey, jwk);
    const verified = await verifyReceipt(jws, { now: NOW });
    expect(verified.kid).toBe(await jwkThumbprint(jwk));
    expect(verified.payload.consentTimestamp).toBe(NOW / 1000);
    // SHA-256 of the compact string, as Node computes it in the unit tests.
    expect(await chainHash('a.b.c')).toBe('hF4wRIgJ4ryJWOsCW_x5UjXROwd6U9DDq70jhRcNybg');
    expect(verified.chainHash).toBe(await chainHash(jws));
    const tampered = jws.slice(0, -2) + (jws.at(-2) === 'A' ? 'B' : 'A') + jws.at(-1);
    await expect(verifyReceipt(tampered, { now: NOW })).rejects.toMatchObject({ code: 'RECEIPT_SIGNATURE' });
  });

  it('survives IndexedDB (structured clone) and signs the next receipt after reading it back', async () => {
    const name = `receipt-test-${crypto.randomUUID()}`;
    const keys = await generateDeviceKey();
    const jwk = await publicJwk(keys.publicKey);
    const first = await signReceipt(buildReceipt(receiptInput({ timeMs: NOW })), keys.privateKey, jwk);
    await store(name, { privateKey: keys.privateKey, publicKey: keys.publicKey });

    try {
      const restored = await load<CryptoKeyPair>(name);
      expect(restored.privateKey).toBeInstanceOf(CryptoKey);
      expect(restored.privateKey).not.toBe(keys.privateKey);
      expect(restored.privateKey.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('jwk', restored.privateKey)).rejects.toThrow();
      const restoredJwk = await publicJwk(restored.publicKey);
      expect(restoredJwk).toEqual(jwk);

      const second = await signReceipt(
        buildReceipt(receiptInput({ id: crypto.randomUUID(), timeMs: NOW + 1000, prev: await chainHash(first), event: 'withdrawn' })),
        restored.privateKey,
        restoredJwk,
      );
      const [v1, v2] = await Promise.all([verifyReceipt(first, { now: NOW + 2000 }), verifyReceipt(second, { now: NOW + 2000 })]);
      expect(v2.kid).toBe(v1.kid);
      const report = verifyChain([v2, v1]);
      expect(report.ordered.map((c) => c.map((r) => r.jws))).toEqual([[first, second]]);
      expect(report.gaps).toEqual([]);
    } finally {
      await request(indexedDB.deleteDatabase(name));
    }
  });
});
