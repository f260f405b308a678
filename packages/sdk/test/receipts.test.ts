// Signed receipts and sync, in Node's WebCrypto with the in-memory store and a fake transport.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { compactVerify, decodeProtectedHeader, importJWK, calculateJwkThumbprint } from 'jose';
import { chainHash, verifyChain, verifyReceipt } from '@artgrad/receipt';
import {
  backoff,
  batches,
  ConsentError,
  consentInternals,
  createConsent,
  memoryConsentStore,
  RetryableError,
  type ConsentConfig,
  type ReceiptResult,
  type Transport,
} from '@artgrad/sdk';

const schema = JSON.parse(readFileSync(new URL('../../receipt/test/fixtures/kantara-consent-receipt-v1_1.schema.json', import.meta.url), 'utf8'));
delete schema.$schema;
const validateKantara = new Ajv({ allErrors: true }).compile(schema);

/** A backend in memory, idempotent by receipt id, as the protocol requires. */
function fakeBackend(script: Array<'ok' | '500' | '429' | 'reject'> = []) {
  const stored = new Map<string, string>();
  let calls = 0;
  const transport: Transport = async (batch) => {
    const step = script[calls++] ?? 'ok';
    if (step === '500') throw new RetryableError('HTTP 500');
    if (step === '429') throw new RetryableError('HTTP 429', 2000);
    return batch.map((jws): ReceiptResult => {
      const id = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).consentReceiptID as string;
      if (step === 'reject') return { id, status: 'rejected', error: 'RECEIPT_PURPOSE: nope' };
      const status = stored.has(id) ? 'duplicate' : 'stored';
      stored.set(id, jws);
      return { id, status, receipt: `countersigned:${id}` };
    });
  };
  return { transport, stored, calls: () => calls };
}

const dev = (extra: ConsentConfig = {}): ConsentConfig => ({ mode: 'development', ...extra });

async function grant(api: ReturnType<typeof createConsent>, decisions: Record<string, boolean>) {
  // Grants need minted evidence; unit tests reach the store path through a refusal/withdrawal or
  // through identify(). For a grant we go through the public withdraw path after seeding.
  return consentInternals(api).decide(decisions, null, 'kk');
}

describe('receipts', () => {
  it('signs each decision as an ES256 JWS that jose verifies from the JWS alone, and that is a Kantara receipt', async () => {
    const api = createConsent(dev(), { store: memoryConsentStore() });
    const record = await grant(api, { processing: false, dissemination: false });
    const header = decodeProtectedHeader(record.jws);
    expect(header).toMatchObject({ alg: 'ES256', kid: record.kid });
    expect(await calculateJwkThumbprint(header.jwk as never)).toBe(record.kid);
    const { payload } = await compactVerify(record.jws, await importJWK(header.jwk as never, 'ES256'));
    const receipt = JSON.parse(new TextDecoder().decode(payload));
    expect(validateKantara(receipt), JSON.stringify(validateKantara.errors)).toBe(true);
    expect(receipt).toMatchObject({
      jurisdiction: 'KZ',
      consentReceiptID: record.id,
      piiPrincipalId: record.kid,
      event: 'refused',
      decisions: { processing: false, dissemination: false },
      policy: { version: consentInternals(api).policy.version, sha256: consentInternals(api).policy.sha256, language: 'kk' },
      prev: null,
      spiCat: [],
      sensitive: false,
    });
    expect(receipt.consentTimestamp).toBe(Math.floor(record.time / 1000));
    // One changed byte anywhere fails.
    const tampered = record.jws.slice(0, 40) + (record.jws[40] === 'A' ? 'B' : 'A') + record.jws.slice(41);
    await expect(compactVerify(tampered, await importJWK(header.jwk as never, 'ES256'))).rejects.toThrow();
    await expect(verifyReceipt(tampered)).rejects.toMatchObject({ code: expect.stringMatching(/^RECEIPT_/) });
  });

  it('links every receipt to the previous one under the same key, in one unbroken chain', async () => {
    const api = createConsent(dev(), { store: memoryConsentStore() });
    const a = await grant(api, { processing: false, dissemination: false });
    const b = await api.identify('customer-42');
    const c = await grant(api, { dissemination: false });
    expect(b.prev).toBe(await chainHash(a.jws));
    expect(c.prev).toBe(await chainHash(b.jws));
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    const verified = await Promise.all([c, a, b].map((r) => verifyReceipt(r.jws)));
    const chain = verifyChain(verified);
    expect(chain.gaps).toEqual([]);
    expect(chain.forks).toEqual([]);
    expect(chain.ordered[0]!.map((v) => v.payload.consentReceiptID)).toEqual([a.id, b.id, c.id]);
  });

  it('identify() records an identified receipt, links later ones to the customer id, and refuses personal data', async () => {
    const api = createConsent(dev(), { store: memoryConsentStore() });
    await grant(api, { processing: false, dissemination: false });
    const identified = await api.identify('cust_0001');
    expect(identified.event).toBe('identified');
    // It links and decides nothing: it can neither revive a withdrawn grant nor restate an old one.
    expect(identified.decisions).toEqual({});
    expect((await verifyReceipt(identified.jws)).payload.decisions).toEqual({});
    const later = await api.withdraw('processing');
    expect(later).toBeNull(); // nothing granted, nothing to withdraw
    const next = await grant(api, { dissemination: false });
    const payload = (await verifyReceipt(next.jws)).payload;
    expect(payload).toMatchObject({ piiPrincipalId: 'cust_0001', subjectId: 'cust_0001' });
    for (const bad of ['aigerim@example.kz', '+7 701 234 56 78', '87012345678', 'tel:87012345678', '', 'a'.repeat(129), 'with space']) {
      await expect(api.identify(bad)).rejects.toMatchObject({ code: 'IDENTIFY' });
    }
    expect(() => api.identify('order-2024-000123')).not.toThrow();
  });

  it('refuses to start outside development mode without real controller details, naming each field', () => {
    let error: unknown;
    try {
      createConsent({ controller: { bin: '123456789012' } }, { store: memoryConsentStore() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConsentError);
    expect((error as ConsentError).code).toBe('CONFIG');
    for (const field of ['controller.address', 'controller.email', 'controller.phone', 'controller.url', 'policyUrl']) expect((error as Error).message).toContain(field);
    expect((error as Error).message).not.toContain('controller.bin');
    expect(() =>
      createConsent(
        { controller: { bin: '123456789012', address: 'Алматы', email: 'p@artgrad.kz', phone: '+7 727 000 00 00', url: 'https://artgrad.kz' }, policyUrl: 'https://artgrad.kz/policy' },
        { store: memoryConsentStore() },
      ),
    ).not.toThrow();
  });

  it('puts the Art. 8(4) content in every receipt: controller and BIN, term, where data goes', async () => {
    const api = createConsent(
      { controller: { name: '«АртГрад» ЖШС', bin: '123456789012', address: 'Алматы', email: 'p@artgrad.kz', phone: '+7 727 000 00 00', url: 'https://artgrad.kz' }, policyUrl: 'https://artgrad.kz/policy' },
      { store: memoryConsentStore() },
    );
    const record = await grant(api, { processing: false, dissemination: false });
    const payload = (await verifyReceipt(record.jws)).payload;
    expect(payload.controllerBin).toBe('123456789012');
    expect(payload.piiControllers[0]).toMatchObject({ piiController: '«АртГрад» ЖШС', email: 'p@artgrad.kz' });
    expect(payload.terms).toEqual({ term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: true });
  });
});

describe('sync', () => {
  it('delivers exactly once through 500, 429 and 200, and empties the outbox', async () => {
    const backend = fakeBackend(['500', '429', 'ok']);
    const store = memoryConsentStore();
    const api = createConsent(dev({ transport: backend.transport }), { store });
    const record = await grant(api, { processing: false, dissemination: false });
    const first = await api.flush(); // may race the automatic flush after deciding; either way:
    let report = first;
    for (let i = 0; i < 5 && (report?.pending ?? 1) > 0; i++) report = await api.flush();
    expect(report?.pending).toBe(0);
    expect([...backend.stored.keys()]).toEqual([record.id]);
    expect(await store.outbox()).toEqual([]);
    expect(await store.dead()).toEqual([]);
    const [status] = await api.receipts();
    expect(status).toMatchObject({ status: 'acknowledged', countersignature: `countersigned:${record.id}` });
  });

  it('moves a rejected receipt to the dead-letter store and raises an error event: never silently dropped', async () => {
    const backend = fakeBackend(['reject', 'reject']);
    const store = memoryConsentStore();
    const api = createConsent(dev({ transport: backend.transport }), { store });
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    const record = await grant(api, { processing: false, dissemination: false });
    await api.flush();
    await expect.poll(() => store.dead()).toEqual([{ id: record.id, jws: record.jws, error: 'RECEIPT_PURPOSE: nope', time: expect.any(Number) }]);
    expect(await store.outbox()).toEqual([]);
    expect(errors.some((e) => e.code === 'RECEIPT_REJECTED' && e.message.includes(record.id))).toBe(true);
    expect((await api.receipts())[0]).toMatchObject({ status: 'rejected', error: 'RECEIPT_PURPOSE: nope' });
  });

  it('keeps a receipt the backend finds "in the future" (device clock ahead) and sends it again later', async () => {
    let calls = 0;
    const store = memoryConsentStore();
    const transport: Transport = async (batch) =>
      batch.map((jws) => {
        const id = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).consentReceiptID as string;
        return ++calls === 1 ? { id, status: 'rejected' as const, error: 'RECEIPT_FUTURE: 400 s ahead' } : { id, status: 'stored' as const };
      });
    const api = createConsent(dev({ transport }), { store });
    const record = await grant(api, { processing: false, dissemination: false });
    let report = await api.flush();
    for (let i = 0; i < 3 && report?.pending; i++) report = await api.flush();
    expect(await store.dead()).toEqual([]);
    expect(await store.outbox()).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect((await api.receipts())[0]).toMatchObject({ record: { id: record.id }, status: 'acknowledged' });
  });

  it('keeps everything in the outbox while there is no backend, and exports it for the shopper', async () => {
    const store = memoryConsentStore();
    const api = createConsent(dev(), { store });
    const record = await grant(api, { processing: false, dissemination: false });
    await expect(api.flush()).resolves.toBeNull();
    expect((await store.outbox()).map((e) => e.id)).toEqual([record.id]);
    const file = JSON.parse(await (await api.exportReceipts()).text());
    expect(file).toMatchObject({ format: 'artgrad-consent-receipts/1', receipts: [{ id: record.id, status: 'pending', receipt: record.jws, countersignature: null }] });
  });

  it('splits batches at 50 receipts and at 60 KB', () => {
    expect(batches(Array.from({ length: 120 }, () => 'x')).map((b) => b.length)).toEqual([50, 50, 20]);
    const big = 'y'.repeat(25_000);
    expect(batches([big, big, big]).map((b) => b.length)).toEqual([2, 1]);
  });

  it('backs off exponentially with full jitter, capped, and honours Retry-After', () => {
    expect(backoff(0, 0, () => 1)).toBe(1000);
    expect(backoff(3, 0, () => 1)).toBe(8000);
    expect(backoff(3, 0, () => 0.5)).toBe(4000);
    expect(backoff(30, 0, () => 1)).toBe(300_000);
    expect(backoff(0, 5000, () => 0.1)).toBe(5000);
  });
});
