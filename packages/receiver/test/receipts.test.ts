import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactVerify, createLocalJWKSet } from 'jose';
import { verifyCountersignature } from '@artgrad/receipt';
import { createDevice, payloadOf, twinOf } from './fixtures/device.js';
import { codeOf, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const DAY = 86_400_000;

describe.each(STORE_KINDS)('POST /receipts ($name)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(kind);
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  it('stores a receipt and answers with the controller countersignature', async () => {
    const device = await createDevice();
    const jws = await device.sign();
    const [result] = await results(await h.post([jws]));
    expect(result).toMatchObject({ id: payloadOf(jws).consentReceiptID, status: 'stored' });
    expect(result!.error).toBeUndefined();
    expect(typeof result!.receipt).toBe('string');

    const stored = await h.app.request(`/receipts/${result!.id}`, { headers: { authorization: await device.prove('GET', `/receipts/${result!.id}`) } });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual({ receipt: jws, countersignature: result!.receipt });
  });

  it('countersignatures verify with jose against the published JWKS', async () => {
    const jws = await (await createDevice()).sign();
    const [result] = await results(await h.post([jws]));
    const jwksResponse = await h.app.request('/.well-known/jwks.json');
    expect(jwksResponse.headers.get('content-type')).toMatch(/^application\/json/);
    const jwks = (await jwksResponse.json()) as { keys: (JsonWebKey & { kid: string })[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: h.key.kid, alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    // An independent JOSE implementation, picking the key by kid from the JWKS.
    const { payload, protectedHeader } = await compactVerify(result!.receipt!, createLocalJWKSet(jwks as never));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: h.key.kid, typ: 'consent-countersignature+jws' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims.receipt).toEqual(payloadOf(jws));
    expect(claims.iss).toBe('controller');
    // And our own verifier binds it to exactly this shopper receipt.
    const verified = await verifyCountersignature(result!.receipt!, jwks.keys, jws);
    expect(verified.kid).toBe(h.key.kid);
  });

  it('answers duplicate, with the same countersignature, for the same receipt again', async () => {
    const jws = await (await createDevice()).sign();
    const [first] = await results(await h.post([jws]));
    const [again] = await results(await h.post([jws]));
    expect(again).toEqual({ id: first!.id, status: 'duplicate', receipt: first!.receipt });
    // Twice in one batch: the second is the duplicate of the first.
    const other = await (await createDevice()).sign();
    const both = await results(await h.post([other, other]));
    expect(both.map((r) => r.status)).toEqual(['stored', 'duplicate']);
    expect(both[1]!.receipt).toBe(both[0]!.receipt);
  });

  it('rejects a different receipt of the same key under a stored id with RECEIPT_CONFLICT, keeping the first', async () => {
    const id = crypto.randomUUID();
    const device = await createDevice();
    const first = await device.sign({ id });
    const second = await device.sign({ id, decisions: { processing: true, dissemination: true } });
    await results(await h.post([first]));
    const [result] = await results(await h.post([second]));
    expect(result).toMatchObject({ id, status: 'rejected' });
    expect(codeOf(result)).toBe('RECEIPT_CONFLICT');
    expect(result!.receipt).toBeUndefined();
    expect((await h.store.getReceipt(id))!.jws).toBe(first);
  });

  it('does not let another key lock a device out by taking its receipt id first', async () => {
    // A script on the shop's page copies the shopper's receipt, re-signs it with its own key and
    // posts it before the shopper's device does.
    const id = crypto.randomUUID();
    const shopper = await createDevice();
    const intruder = await createDevice();
    const genuine = await shopper.sign({ id, event: 'withdrawn', decisions: { dissemination: false } });
    const copy = await intruder.sign({ id, event: 'withdrawn', decisions: { dissemination: false } });
    expect((await results(await h.post([copy])))[0]!.status).toBe('stored');
    const [result] = await results(await h.post([genuine]));
    expect(result).toMatchObject({ id, status: 'stored', receipt: expect.any(String) });
    expect((await results(await h.post([genuine])))[0]).toMatchObject({ id, status: 'duplicate', receipt: result!.receipt });
    // Both are kept; the id still names the first; the shopper's is in its own device's chain.
    expect((await h.store.getReceipt(id))!.jws).toBe(copy);
    const mine = await h.store.receiptsOfKids([shopper.kid]);
    expect(mine.map((r) => r.jws)).toEqual([genuine]);
    // And the same race inside one request.
    const id2 = crypto.randomUUID();
    const both = await results(await h.post([await intruder.sign({ id: id2 }), await shopper.sign({ id: id2 })]));
    expect(both.map((r) => r.status)).toEqual(['stored', 'stored']);
  });

  it('answers one result per receipt, in order, mixing outcomes', async () => {
    const device = await createDevice();
    const a = await device.sign();
    const b = await device.sign({ event: 'updated' });
    const tampered = `${b.slice(0, -4)}AAAA`;
    const out = await results(await h.post([a, 'not a jws', tampered, b, a]));
    expect(out.map((r) => r.status)).toEqual(['stored', 'rejected', 'rejected', 'stored', 'duplicate']);
    expect(out[1]).toEqual({ id: null, status: 'rejected', error: expect.stringMatching(/^RECEIPT_MALFORMED: /) });
    // A bad signature still names the id it claims, so the sender can match the answer.
    expect(out[2]!.id).toBe(payloadOf(b).consentReceiptID);
    expect(codeOf(out[2])).toBe('RECEIPT_SIGNATURE');
  });

  it('accepts a receipt made offline two days earlier', async () => {
    const jws = await (await createDevice()).sign({ timeMs: Date.now() - 2 * DAY });
    const [result] = await results(await h.post([jws]));
    expect(result!.status).toBe('stored');
    // The countersignature records when the controller received it, not when it was signed.
    const claims = payloadOf(result!.receipt!);
    expect(claims.serverTime - claims.receipt.consentTimestamp).toBeGreaterThanOrEqual(2 * 86_400 - 1);
  });

  it('refuses a receipt timed beyond the skew with RECEIPT_FUTURE, accepts one within it', async () => {
    const device = await createDevice();
    const ahead = await device.signDetached({ timeMs: Date.now() + 301_000 + 5_000 });
    const within = await device.signDetached({ timeMs: Date.now() + 200_000 });
    const out = await results(await h.post([ahead, within]));
    expect(codeOf(out[0])).toBe('RECEIPT_FUTURE');
    expect(out[1]!.status).toBe('stored');
    expect(await h.store.getReceipt(out[0]!.id!)).toBeUndefined();
  });

  it('refuses a purpose never in the catalogue with RECEIPT_PURPOSE', async () => {
    const jws = await (await createDevice()).sign({
      purposes: [
        { id: 'processing', label: 'p' },
        { id: 'profiling', label: 'x' },
      ],
      decisions: { processing: true, profiling: true },
    });
    const [result] = await results(await h.post([jws]));
    expect(codeOf(result)).toBe('RECEIPT_PURPOSE');
    expect(await h.store.getReceipt(result!.id!)).toBeUndefined();
  });

  it('accepts a purpose the site has since stopped requesting, and catalogue extras', async () => {
    expect((await h.admin('/admin/requests/dissemination', { method: 'PUT', body: JSON.stringify({ requested: false }) })).status).toBe(200);
    const device = await createDevice();
    const withdrawn = await device.sign({ event: 'withdrawn', decisions: { dissemination: false } });
    const extra = await device.sign({
      purposes: [{ id: 'third-party-transfer', label: 't' }],
      decisions: { 'third-party-transfer': true },
      event: 'updated',
    });
    expect((await results(await h.post([withdrawn, extra]))).map((r) => r.status)).toEqual(['stored', 'stored']);
  });

  it('accepts a site purpose configured as custom', async () => {
    const custom = await createHarness(kind, { customPurposes: ['loyalty-newsletter'] });
    try {
      const jws = await (await createDevice()).sign({ purposes: [{ id: 'loyalty-newsletter', label: 'n' }], decisions: { 'loyalty-newsletter': true } });
      expect((await results(await custom.post([jws])))[0]!.status).toBe('stored');
      expect(codeOf((await results(await h.post([jws])))[0])).toBe('RECEIPT_PURPOSE');
    } finally {
      await custom.dispose();
    }
  });

  it('reads a receipt in full only for its own device (a signed proof) or an admin token; anyone else learns only that it is countersigned', async () => {
    const device = await createDevice();
    const jws = await device.sign();
    const [result] = await results(await h.post([jws]));
    const path = `/receipts/${result!.id}`;
    const full = { receipt: jws, countersignature: result!.receipt };

    const anonymous = await h.app.request(path);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ id: result!.id, countersigned: true });
    expect(JSON.stringify(await (await h.app.request(path)).json())).not.toContain(device.principalId);

    expect(await (await h.app.request(path, { headers: { authorization: await device.prove('GET', path) } })).json()).toEqual(full);
    expect(await (await h.admin(path)).json()).toEqual(full);

    const refused = async (authorization: string, status: number, code: string) => {
      const response = await h.app.request(path, { headers: { authorization } });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    };
    await refused(await (await createDevice()).prove('GET', path), 403, 'NOT_YOUR_RECEIPT');
    await refused(await device.prove('GET', `/receipts/${crypto.randomUUID()}`), 401, 'PROOF_INVALID');
    await refused(await device.prove('POST', path), 401, 'PROOF_INVALID');
    await refused(await device.prove('GET', path, Date.now() - 10 * 60_000), 401, 'PROOF_INVALID');
    await refused(`DeviceProof ${jws}`, 401, 'PROOF_INVALID');
    await refused('DeviceProof not-a-jws', 401, 'PROOF_INVALID');
    await refused('Bearer not-a-token-of-this-receiver', 401, 'UNAUTHORIZED');
    await refused('Basic YWxhZGRpbjpvcGVuc2VzYW1l', 401, 'UNAUTHORIZED');
    const unknown = `/receipts/${crypto.randomUUID()}`;
    const missing = await h.app.request(unknown, { headers: { authorization: await device.prove('GET', unknown) } });
    expect(missing.status).toBe(404);
  });

  it("a device's proof reads its own receipt kept under <id>#<kid>, not the squatter's under the plain id", async () => {
    const device = await createDevice();
    const jws = await device.sign();
    const payload = payloadOf(jws);
    const squatter = await createDevice();
    const copy = await squatter.sign({ id: payload.consentReceiptID });
    expect((await results(await h.post([copy])))[0]!.status).toBe('stored');
    expect((await results(await h.post([jws])))[0]!.status).toBe('stored');
    const path = `/receipts/${payload.consentReceiptID}`;
    const own = await h.app.request(path, { headers: { authorization: await device.prove('GET', path) } });
    expect(((await own.json()) as { receipt: string }).receipt).toBe(jws);
    const theirs = await h.app.request(path, { headers: { authorization: await squatter.prove('GET', path) } });
    expect(((await theirs.json()) as { receipt: string }).receipt).toBe(copy);
  });

  it("refuses the malleable twin (r, n − s) of a device's receipt, so posting it first cannot lock the device out", async () => {
    const device = await createDevice();
    const first = await device.sign();
    const second = await device.sign({ decisions: { processing: true, dissemination: false } });
    const [twin] = await results(await h.post([twinOf(first)]));
    expect(codeOf(twin)).toBe('RECEIPT_SIGNATURE');
    expect(twin!.error).toMatch(/high-S/);
    // The device's own receipts are stored, and its chain has no gap.
    expect((await results(await h.post([first, second]))).map((r) => r.status)).toEqual(['stored', 'stored']);
    const chain = (await (await h.admin(`/admin/principals/${device.kid}/chain`)).json()) as { receipts: { jws: string }[]; gaps: unknown[] };
    expect(chain.receipts.map((r) => r.jws)).toEqual([first, second]);
    expect(chain.gaps).toEqual([]);
  });

  it('answers 404 JSON for an unknown receipt id and 400 for a malformed one', async () => {
    const unknown = await h.app.request(`/receipts/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const malformed = await h.app.request('/receipts/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('keeps every controller key that ever countersigned in the JWKS', async () => {
    const jws = await (await createDevice()).sign();
    const [first] = await results(await h.post([jws]));
    const { generateControllerKey, createReceiverApp } = await import('../src/index.js');
    const rotated = createReceiverApp({ store: h.store, controllerKey: (await generateControllerKey()).key });
    const jwks = (await (await rotated.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(h.key.kid);
    await verifyCountersignature(first!.receipt!, jwks.keys as JsonWebKey[], jws);
  });
});
