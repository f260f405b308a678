// A receipt backend in one file, to show the protocol (packages/receipt/PROTOCOL.md) is all it
// takes: node:http, @artgrad/receipt to verify and countersign, a JSON-lines file to store.
// No framework, no database. `PORT=8788 DATA_FILE=receipts.jsonl CORS_ORIGINS=https://shop.kz node server.mjs`
import { createServer } from 'node:http';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { countersign, decodeReceipt, jwkThumbprint, MAX_BATCH_BYTES, MAX_BATCH_RECEIPTS, publicJwk, ReceiptError, verifyReceipt } from '@artgrad/receipt';

/** Starts the backend; resolves with its URL and a close function. */
export async function startMinimalBackend({ port = 8788, dataFile = 'receipts.jsonl', keyFile = 'controller-key.json', origins = [] } = {}) {
  // The controller key: made once, kept beside the data (mode 0600). Its public half is the JWKS.
  if (!existsSync(keyFile)) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    writeFileSync(keyFile, JSON.stringify(await crypto.subtle.exportKey('jwk', pair.privateKey)), { mode: 0o600 });
  }
  const { d, key_ops, ext, ...pub } = JSON.parse(readFileSync(keyFile, 'utf8'));
  const privateKey = await crypto.subtle.importKey('jwk', { ...pub, d }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const controllerJwk = await publicJwk(await crypto.subtle.importKey('jwk', pub, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']));
  const jwks = { keys: [{ ...controllerJwk, kid: await jwkThumbprint(controllerJwk), alg: 'ES256', use: 'sig' }] };

  // Every stored receipt, by id and device key (a copy re-signed by another key is another receipt).
  const stored = new Map();
  if (existsSync(dataFile)) for (const line of readFileSync(dataFile, 'utf8').split('\n').filter(Boolean)) {
    const row = JSON.parse(line);
    stored.set(`${row.id} ${row.kid}`, row);
  }
  const fd = openSync(dataFile, 'a');
  const append = (row) => {
    writeSync(fd, `${JSON.stringify(row)}\n`);
    fsyncSync(fd); // acknowledged means on disk
  };

  async function ingest(jws) {
    let verified;
    try {
      verified = await verifyReceipt(jws, { now: Date.now(), maxFutureSkewSeconds: 300 });
    } catch (error) {
      if (!(error instanceof ReceiptError)) throw error;
      let id = null;
      try { id = decodeReceipt(jws).payload.consentReceiptID ?? null; } catch {}
      return { id: typeof id === 'string' ? id : null, status: 'rejected', error: `${error.code}: ${error.message}` };
    }
    const id = verified.payload.consentReceiptID;
    const known = stored.get(`${id} ${verified.kid}`);
    if (known) return known.jws === jws ? { id, status: 'duplicate', receipt: known.countersignature } : { id, status: 'rejected', error: 'RECEIPT_CONFLICT: another receipt is already stored under this consentReceiptID' };
    const row = { id, kid: verified.kid, jws, countersignature: await countersign(verified, privateKey, controllerJwk, Date.now()), receivedAt: new Date().toISOString() };
    append(row);
    stored.set(`${id} ${verified.kid}`, row);
    return { id, status: 'stored', receipt: row.countersignature };
  }

  const server = createServer(async (req, res) => {
    const origin = req.headers.origin;
    const cors = origin && origins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
    const answer = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors, ...headers });
      res.end(JSON.stringify(body));
    };
    const fail = (status, code, message) => answer(status, { error: { code, message } });
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'OPTIONS') return answer(204, {}, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return answer(200, jwks);
    if (req.method !== 'POST' || path !== '/receipts') return fail(404, 'NOT_FOUND', 'no such route');
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') return fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'application/json or text/plain');
    let size = 0;
    const chunks = [];
    for await (const chunk of req) {
      if ((size += chunk.length) > MAX_BATCH_BYTES) return fail(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${MAX_BATCH_BYTES} bytes`);
      chunks.push(chunk);
    }
    let receipts;
    try { receipts = JSON.parse(Buffer.concat(chunks).toString('utf8')).receipts; } catch { return fail(400, 'MALFORMED_JSON', 'the body is not JSON'); }
    if (!Array.isArray(receipts) || !receipts.every((r) => typeof r === 'string')) return fail(400, 'INVALID_REQUEST', 'receipts must be an array of strings');
    if (receipts.length > MAX_BATCH_RECEIPTS) return fail(422, 'BATCH_TOO_LARGE', `at most ${MAX_BATCH_RECEIPTS} receipts per request`);
    const results = [];
    for (const jws of receipts) results.push(await ingest(jws)); // in order: a receipt's duplicate later in the batch sees it
    answer(200, { results });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(() => (closeSync(fd), resolve()))) };
}

// Run as a program (a path with spaces or non-ASCII letters is percent-encoded in the URL).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startMinimalBackend({
    port: Number(process.env.PORT ?? 8788),
    dataFile: process.env.DATA_FILE ?? 'receipts.jsonl',
    keyFile: process.env.KEY_FILE ?? 'controller-key.json',
    origins: (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean),
  });
  console.log(`backend-minimal listening on ${running.url}`);
}
