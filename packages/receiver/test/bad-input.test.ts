import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevice, payloadOf } from './fixtures/device.js';
import { codeOf, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

const forge = (header: object, payload: object, signature = 'AAAA') =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

describe.each(STORE_KINDS)('bad input changes nothing ($name)', (kind) => {
  let h: Harness;
  let valid: string;
  beforeEach(async () => {
    h = await createHarness(kind);
    valid = await (await createDevice()).sign();
  });
  afterEach(async () => {
    // Whatever was refused, the valid receipt some requests carried was not stored.
    expect(await h.store.getReceipt(payloadOf(valid).consentReceiptID)).toBeUndefined();
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const raw = (body: BodyInit | null, headers: Record<string, string>) =>
    Promise.resolve(h.app.request('/receipts', { method: 'POST', headers, body }));

  it('malformed JSON: 400 MALFORMED_JSON', async () => {
    expect(await errorOf(await raw(`{"receipts": ["${valid}"`, { 'content-type': 'application/json' }))).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    expect(await errorOf(await raw(new Uint8Array([0x7b, 0xff, 0x7d]), { 'content-type': 'application/json' }))).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    expect(await errorOf(await raw('', { 'content-type': 'text/plain' }))).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('unsupported content type: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const body = JSON.stringify({ receipts: [valid] });
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jose', 'text/html', 'text/plain; charset=latin1']) {
      expect(await errorOf(await raw(body, { 'content-type': type }))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    // Sent without a type at all.
    expect((await h.app.request('/receipts', { method: 'POST', body: new Blob([body]) })).status).toBe(415);
  });

  it('accepts both JSON and sendBeacon text/plain, with or without a UTF-8 charset', async () => {
    for (const type of ['application/json', 'text/plain;charset=UTF-8', 'Application/JSON; charset="utf-8"']) {
      const jws = await (await createDevice()).sign();
      expect((await results(await raw(JSON.stringify({ receipts: [jws] }), { 'content-type': type })))[0]!.status).toBe('stored');
    }
  });

  it('body over 60 KiB: 413 PAYLOAD_TOO_LARGE, by declared length and while reading', async () => {
    const big = JSON.stringify({ receipts: [valid, 'x'.repeat(61_440)] });
    expect(await errorOf(await raw(big, { 'content-type': 'application/json' }))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // A stream with no Content-Length is counted as it arrives, and cut off at the limit.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16_384;
        controller.enqueue(new Uint8Array(16_384).fill(0x20));
        if (pulled > 10_000_000) controller.close();
      },
    });
    const response = await h.app.request('/receipts', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: endless, duplex: 'half' } as RequestInit);
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(pulled).toBeLessThan(200_000);
    // A lying Content-Length is no way around it either.
    expect(await errorOf(await raw(big, { 'content-type': 'application/json', 'content-length': '10' }))).toMatchObject({ status: 413 });
  });

  it('a batch of 51: 422 BATCH_TOO_LARGE; 50 is fine', async () => {
    expect(await errorOf(await h.post([valid, ...Array.from({ length: 50 }, () => 'a.b.c')]))).toMatchObject({ status: 422, code: 'BATCH_TOO_LARGE' });
    const fifty = await results(await h.post(Array.from({ length: 50 }, () => 'a.b.c')));
    expect(fifty).toHaveLength(50);
  });

  it('receipts missing or not an array of strings: 400 INVALID_REQUEST', async () => {
    for (const body of [{}, { receipts: valid }, { receipts: [valid, 1] }, { receipts: [null] }, { receipts: { 0: valid } }, [valid], 'receipts', null]) {
      const response = await raw(JSON.stringify(body), { 'content-type': 'application/json' });
      expect(await errorOf(response), JSON.stringify(body)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    }
  });

  it('bad signature, wrong algorithm, schema violation: rejected per receipt with the code', async () => {
    const [header, payload] = valid.split('.') as [string, string];
    const decoded = payloadOf(valid);
    const out = await results(
      await h.post([
        `${header}.${payload}.${'A'.repeat(86)}`,
        forge({ alg: 'none', typ: 'consent-receipt+jws' }, decoded, ''),
        forge({ alg: 'HS256', typ: 'consent-receipt+jws' }, decoded),
        'e30.e30.e30.e30',
      ]),
    );
    expect(out.map(codeOf)).toEqual(['RECEIPT_SIGNATURE', 'RECEIPT_ALG', 'RECEIPT_ALG', 'RECEIPT_MALFORMED']);

    // A correctly signed payload that breaks the schema: signed by a real key, so only the schema can fail.
    const { buildReceipt, generateDeviceKey, publicJwk, signReceipt } = await import('@artgrad/receipt');
    const keys = await generateDeviceKey();
    const good = buildReceipt((await import('./fixtures/receipt-input.js')).receiptInput());
    const broken = await signReceipt({ ...good, jurisdiction: 'RU' } as never, keys.privateKey, await publicJwk(keys.publicKey));
    const [schema] = await results(await h.post([broken]));
    expect(codeOf(schema)).toBe('RECEIPT_SCHEMA');
    expect(schema!.error).toMatch(/jurisdiction/);
  });
});
