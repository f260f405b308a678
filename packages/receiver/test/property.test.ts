import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HttpError } from '../src/http/http-error.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { parseReceiptBatch } from '../src/index.js';
import { createDevice, payloadOf } from './fixtures/device.js';
import { ADMIN, createHarness, type Harness, type Result } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const RECEIPT_CODES = new Set([
  'RECEIPT_INPUT',
  'RECEIPT_MALFORMED',
  'RECEIPT_TOO_LARGE',
  'RECEIPT_ALG',
  'RECEIPT_JWK',
  'RECEIPT_KID',
  'RECEIPT_SIGNATURE',
  'RECEIPT_SCHEMA',
  'RECEIPT_FUTURE',
  'RECEIPT_PURPOSE',
  'RECEIPT_CONFLICT',
  'OTP_TOKEN_FORGED',
  'OTP_TOKEN_MISMATCH',
  'OTP_TOKEN_EXPIRED',
  'OTP_TOKEN_REUSED',
]);

const contentTypes = fc.oneof(
  fc.constantFrom('application/json', 'text/plain', 'text/plain;charset=UTF-8', 'application/json; charset=utf-16', 'text/html', 'multipart/form-data', ''),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/;=+-. "*'.split('')), maxLength: 40 }),
);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')).toString('base64url');

/** JWS-shaped strings: random segments, forged headers, and small edits of a valid receipt. */
function jwsStrings(valid: string) {
  const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 120 });
  const header = fc.record(
    {
      alg: fc.oneof(fc.constantFrom('ES256', 'none', 'HS256', 'RS256'), fc.anything()),
      typ: fc.oneof(fc.constant('consent-receipt+jws'), fc.anything()),
      kid: fc.oneof(base64url, fc.anything()),
      jwk: fc.oneof(fc.constant({ kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }), fc.anything()),
      crit: fc.array(fc.string()),
    },
    { requiredKeys: [] },
  );
  const [h, p, s] = valid.split('.') as [string, string, string];
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.tuple(base64url, base64url, base64url).map((parts) => parts.join('.')),
    fc.tuple(header, fc.oneof(fc.anything(), fc.constant(payloadOf(valid))), base64url).map(([hd, pl, sig]) => `${b64(hd)}.${b64(pl)}.${sig}`),
    fc.tuple(fc.nat(valid.length - 1), fc.constantFrom(...'A_-.=+/ é'.split(''))).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1)),
    fc.nat(valid.length).map((n) => valid.slice(0, n)),
    fc.constantFrom(`${h}.${p}`, `${p}.${h}.${s}`, `${h}..${s}`, `${h}.${p}.${s}.${s}`, `${h}.${b64(JSON.stringify(payloadOf(valid)) + ' ')}.${s}`),
  );
}

describe.each(STORE_KINDS)('properties ($name)', (kind) => {
  let h: Harness;
  let valid: string;
  beforeAll(async () => {
    h = await createHarness(kind);
    valid = await (await createDevice()).sign();
  });
  afterAll(async () => {
    await h.dispose();
  });

  async function expectClientError(response: Response): Promise<void> {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { error: { code: unknown; message: unknown } };
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
  }

  it('any body with any content type on any write endpoint: never a 5xx; every refusal a 4xx with a code', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.record({ receipts: fc.anything() }).map((v) => JSON.stringify(v)),
      fc.array(fc.string({ maxLength: 50 }), { maxLength: 60 }).map((receipts) => JSON.stringify({ receipts })),
      fc.record({ channel: fc.anything(), to: fc.anything(), challengeId: fc.anything(), code: fc.anything(), kid: fc.anything(), requested: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    const paths = fc.constantFrom(['POST', '/receipts'], ['POST', '/otp/send'], ['POST', '/otp/verify'], ['PUT', '/admin/requests/dissemination']);
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, paths, async (body, type, [method, path]) => {
        const headers: Record<string, string> = { authorization: `Bearer ${ADMIN.token}` };
        if (type !== '') headers['content-type'] = type;
        const response = await h.app.request(path, { method, headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
        if (response.status === 200) return;
        await expectClientError(response);
      }),
      { numRuns: 300 },
    );
    expect(h.errors).toEqual([]);
  });

  it('any JWS-like strings: one answer each, in order; never stored unless valid; every rejection coded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jwsStrings(valid), { minLength: 1, maxLength: 8 }), fc.constantFrom('application/json', 'text/plain'), async (receipts, type) => {
        const response = await h.post(receipts, type);
        if (response.status !== 200) {
          // Only the whole-request limits may refuse a batch of strings.
          expect([413]).toContain(response.status);
          return expectClientError(response);
        }
        const out = ((await response.json()) as { results: Result[] }).results;
        expect(out).toHaveLength(receipts.length);
        for (const [i, result] of out.entries()) {
          if (receipts[i] === valid) {
            expect(['stored', 'duplicate']).toContain(result.status);
            continue;
          }
          expect(result.status).toBe('rejected');
          expect(RECEIPT_CODES).toContain(result.error!.split(':')[0]);
          expect(result.receipt).toBeUndefined();
          if (result.id !== null) expect(result.id).toMatch(/^[0-9a-f-]{36}$/i);
        }
      }),
      { numRuns: 200 },
    );
    expect(h.errors).toEqual([]);
  });
});

describe('request parsing', () => {
  it('parseReceiptBatch: a string array of at most 50, or an HttpError with a 4xx status', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ receipts: fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 60 }) })), (value) => {
        try {
          const receipts = parseReceiptBatch(value);
          expect(receipts.length).toBeLessThanOrEqual(50);
          expect(receipts.every((r) => typeof r === 'string')).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect([400, 422]).toContain((error as HttpError).status);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('readJsonBody: parses what fits, refuses the rest with a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), contentTypes, fc.integer({ min: 0, max: 1024 }), async (bytes, type, limit) => {
        const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
        const request = new Request('http://receiver/x', { method: 'POST', headers, body: bytes });
        try {
          await readJsonBody(request, limit);
          expect(bytes.length).toBeLessThanOrEqual(limit);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect([400, 413, 415]).toContain((error as HttpError).status);
          expect((error as HttpError).code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
