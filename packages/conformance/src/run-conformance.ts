import { MAX_BATCH_BYTES, MAX_BATCH_RECEIPTS, verifyCountersignature } from '@artgrad/receipt';
import { FORGERIES } from './forgeries.js';
import { decode, testDevice, twinOf, type TestDevice } from './test-device.js';

export interface ConformanceOptions {
  /** The backend's base URL: the SDK's `endpoint` (POST {endpoint}/receipts). */
  endpoint: string;
  /** An origin the backend allows (CORS_ORIGINS of the reference receiver), for the preflight check. */
  origin?: string;
  /** Expect a rate limit: send until 429 (at most `rateLimitTries` requests) and check its Retry-After. */
  rateLimit?: boolean;
  rateLimitTries?: number;
  fetch?: typeof fetch;
}

export interface CheckResult {
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail: string;
}

type Result = { id: string | null; status: string; error?: string; receipt?: string };

/** One protocol behaviour: resolves with a detail when it holds, throws an Error saying what differed. */
type Check = { name: string; run(): Promise<string | { skip: string }> };

class Mismatch extends Error {}
const expectThat = (ok: boolean, message: string) => {
  if (!ok) throw new Mismatch(message);
};
const codeOf = (r: Result | undefined) => r?.error?.split(':')[0];

/**
 * Runs the protocol's behaviours (PROTOCOL.md) against a backend, each on receipts signed now by
 * a fresh device key: stored, duplicate, clash, every refusal with its code, the batch and byte
 * limits, the text/plain beacon, the CORS preflight, 429 with Retry-After, and countersignatures
 * checked against the backend's own JWKS. Never throws for a backend's answer: each check
 * reports pass, fail (with what differed) or skip.
 */
export async function runConformance(options: ConformanceOptions): Promise<CheckResult[]> {
  const doFetch = options.fetch ?? fetch;
  const base = options.endpoint.replace(/\/$/, '');
  const post = (body: string, contentType = 'application/json') => doFetch(`${base}/receipts`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const send = async (receipts: string[], contentType?: string): Promise<Result[]> => {
    const response = await post(JSON.stringify({ receipts }), contentType);
    if (response.status !== 200) throw new Mismatch(`POST /receipts answered HTTP ${response.status}, not 200: ${(await response.text()).slice(0, 200)}`);
    const body = (await response.json()) as { results?: Result[] };
    expectThat(Array.isArray(body.results) && body.results.length === receipts.length, `expected one result per receipt (${receipts.length}), got ${JSON.stringify(body).slice(0, 200)}`);
    return body.results!;
  };
  const device: TestDevice = await testDevice();
  // A second key, only for its kid (the kid-mismatch forgery).
  const other: TestDevice = await testDevice();
  const refused = (name: string, expected: string, make: () => Promise<string>): Check => ({
    name,
    async run() {
      const [result] = await send([await make()]);
      expectThat(result?.status === 'rejected' && codeOf(result) === expected, `expected rejected ${expected}, got ${result?.status} ${result?.error ?? ''}`);
      return `rejected ${expected}`;
    },
  });

  let stored: { jws: string; countersignature: string } | null = null;
  const checks: Check[] = [
    {
      name: 'stored',
      async run() {
        const jws = await device.sign();
        const [result] = await send([jws]);
        expectThat(result?.status === 'stored' && result.id === decode(jws)[1].consentReceiptID, `expected stored with the receipt's id, got ${JSON.stringify(result)}`);
        expectThat(typeof result!.receipt === 'string', 'a stored result carries the countersignature (receipt)');
        stored = { jws, countersignature: result!.receipt! };
        return 'stored, with a countersignature';
      },
    },
    {
      name: 'countersignature',
      async run() {
        expectThat(stored !== null, 'needs the stored receipt');
        const response = await doFetch(`${base}/.well-known/jwks.json`);
        expectThat(response.ok, `GET /.well-known/jwks.json answered HTTP ${response.status}`);
        const jwks = (await response.json()) as { keys?: JsonWebKey[] };
        try {
          await verifyCountersignature(stored!.countersignature, jwks.keys ?? [], stored!.jws);
        } catch (error) {
          throw new Mismatch(`the countersignature does not verify against the backend's JWKS: ${(error as Error).message}`);
        }
        return `verifies against /.well-known/jwks.json (${jwks.keys!.length} key(s))`;
      },
    },
    {
      name: 'duplicate',
      async run() {
        expectThat(stored !== null, 'needs the stored receipt');
        const [result] = await send([stored!.jws]);
        expectThat(result?.status === 'duplicate', `expected duplicate, got ${JSON.stringify(result)}`);
        expectThat(result!.receipt === stored!.countersignature, 'a duplicate answers with the same countersignature');
        return 'duplicate, with the same countersignature';
      },
    },
    refused('clash', 'RECEIPT_CONFLICT', async () => {
      expectThat(stored !== null, 'needs the stored receipt');
      return device.sign({ id: decode(stored!.jws)[1].consentReceiptID, decisions: { processing: false, dissemination: false }, event: 'refused' });
    }),
    // Every forgery of the protocol's vectors, made here from a receipt signed now.
    ...FORGERIES.map((f) => refused(f.check, f.error, async () => f.make({ device, other, base: await device.sign(), nowMs: Date.now(), sign: device.sign }))),
    {
      name: 'one bad receipt spoils no other',
      async run() {
        const [good, other] = [await device.sign(), await device.sign()];
        const results = await send([good, twinOf(await device.sign()), other]);
        expectThat(results.map((r) => r.status).join() === 'stored,rejected,stored', `expected stored, rejected, stored in order, got ${results.map((r) => r.status).join(', ')}`);
        return 'results in order, one per receipt';
      },
    },
    {
      name: 'batch limit',
      async run() {
        // Short strings, so that the count is over its limit and the bytes are not.
        const response = await post(JSON.stringify({ receipts: Array.from({ length: MAX_BATCH_RECEIPTS + 1 }, () => 'x') }));
        const code = ((await response.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code;
        expectThat(response.status === 422 && code === 'BATCH_TOO_LARGE', `${MAX_BATCH_RECEIPTS + 1} receipts: expected 422 BATCH_TOO_LARGE, got ${response.status} ${code ?? ''}`);
        return `${MAX_BATCH_RECEIPTS + 1} receipts: 422 BATCH_TOO_LARGE`;
      },
    },
    {
      name: 'byte limit',
      async run() {
        const response = await post(JSON.stringify({ receipts: ['x'.repeat(MAX_BATCH_BYTES)] }));
        expectThat(response.status === 413, `a body over ${MAX_BATCH_BYTES} bytes: expected 413, got ${response.status}`);
        return `over ${MAX_BATCH_BYTES} bytes: 413`;
      },
    },
    {
      name: 'text/plain beacon',
      async run() {
        const jws = await device.sign();
        const [result] = await send([jws], 'text/plain;charset=UTF-8');
        expectThat(result?.status === 'stored', `a text/plain body (navigator.sendBeacon): expected stored, got ${JSON.stringify(result)}`);
        return 'stored from a text/plain body';
      },
    },
    {
      name: 'CORS preflight',
      async run() {
        if (!options.origin) return { skip: 'no --origin given (an origin the backend allows)' };
        const response = await doFetch(`${base}/receipts`, {
          method: 'OPTIONS',
          headers: { origin: options.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        const allowed = response.headers.get('access-control-allow-origin');
        const methods = response.headers.get('access-control-allow-methods') ?? '';
        const headers = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
        expectThat(response.status >= 200 && response.status < 300, `OPTIONS answered HTTP ${response.status}`);
        expectThat(allowed === options.origin || allowed === '*', `Access-Control-Allow-Origin is ${JSON.stringify(allowed)}, not ${options.origin}`);
        expectThat(/\bPOST\b/i.test(methods), `Access-Control-Allow-Methods ${JSON.stringify(methods)} lacks POST`);
        expectThat(headers.includes('content-type') || headers === '*', `Access-Control-Allow-Headers ${JSON.stringify(headers)} lacks content-type`);
        return `${options.origin} allowed, POST, content-type`;
      },
    },
    {
      name: '429 with Retry-After',
      async run() {
        if (!options.rateLimit) return { skip: 'no --rate-limit (the backend has no limit to find)' };
        const tries = options.rateLimitTries ?? 2_000;
        for (let i = 0; i < tries; i++) {
          const response = await post('{"receipts":[]}');
          if (response.status !== 429) continue;
          const after = response.headers.get('retry-after') ?? '';
          expectThat(/^\d+$/.test(after) || !Number.isNaN(Date.parse(after)), `429 without a Retry-After of seconds or an HTTP date: ${JSON.stringify(after)}`);
          return `429 after ${i + 1} requests, Retry-After ${after}`;
        }
        throw new Mismatch(`no 429 within ${tries} requests`);
      },
    },
  ];

  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      const detail = await check.run();
      results.push(typeof detail === 'string' ? { name: check.name, outcome: 'pass', detail } : { name: check.name, outcome: 'skip', detail: detail.skip });
    } catch (error) {
      results.push({ name: check.name, outcome: 'fail', detail: error instanceof Mismatch ? error.message : `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  return results;
}
