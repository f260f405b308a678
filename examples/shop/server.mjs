// The demo shop: static files plus the built script tag, served with a strict CSP so that the
// demo proves the banner needs no inline script, no eval and no style attributes.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { verifyReceipt } from '@artgrad/receipt';

const here = fileURLToPath(new URL('.', import.meta.url));
const EMBED = fileURLToPath(new URL('../../packages/embed/dist/artgrad-consent.js', import.meta.url));
const EMBED_DIR = fileURLToPath(new URL('../../packages/embed/dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Starts the shop. `port: 0` picks a free port; resolves with the server and its URL.
 * `pages` adds pages by path (`{ '/x.html': { html, csp } }`), for tests of other embeddings.
 * `consoleDir` (the marketer console's built `dist/`) is served under `/console/`, with the
 * same CSP, so the console talks to the receiver through this origin's `/api`.
 */
export async function startShop({ port = Number(process.env.PORT ?? 5173), host = '127.0.0.1', embedPath = EMBED, pages = {}, receiverUrl = null, consoleDir = null } = {}) {
  const orders = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      // The receiver sits behind /api on the shop's own origin, as most sites would deploy it:
      // no CORS, and the page's CSP keeps `connect-src 'self'`.
      if (receiverUrl && url.pathname.startsWith('/api/')) return await proxy(req, res, `${receiverUrl}${url.pathname.slice(4)}${url.search}`);
      if (req.method === 'POST' && url.pathname === '/order') {
        const body = await readBody(req, 16_384);
        const form = new URLSearchParams(body);
        // The shop takes an order only with the signed receipt of consent to processing that the
        // form carried: verified here, before and independently of the receipt's sync.
        const consent = form.get('consent');
        if (!consent) return json(res, 422, { ok: false, error: 'consent to processing is missing' });
        let receipt;
        try {
          receipt = (await verifyReceipt(consent)).payload;
        } catch (error) {
          return json(res, 422, { ok: false, error: `the consent receipt does not verify: ${error.code}` });
        }
        if (receipt.decisions.processing !== true) return json(res, 422, { ok: false, error: 'the receipt does not grant processing' });
        orders.push({ consent: receipt.consentReceiptID, receipt: consent, at: Date.now() });
        return json(res, 200, { ok: true, consent: receipt.consentReceiptID });
      }
      if (req.method === 'GET' && url.pathname === '/orders') return json(res, 200, orders);
      const extra = pages[url.pathname];
      if (extra) return send(res, 200, TYPES['.html'], extra.html, extra.csp);
      if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      if (consoleDir && (url.pathname === '/console' || url.pathname.startsWith('/console/'))) {
        if (url.pathname === '/console') return redirect(res, '/console/');
        const file = safePath(url.pathname === '/console/' ? '/index.html' : url.pathname.slice('/console'.length), consoleDir);
        if (!file) return send(res, 404, 'text/plain', 'not found');
        return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file), CSP, CONSOLE_HEADERS);
      }
      // The script-tag files: the main one (replaceable in tests), the opt-in ones beside it, and
      // the parts the main one fetches from beside itself (content-hashed: cached for good).
      const part = /^\/artgrad-[a-z]+-[0-9a-f]{10}\.js$/.test(url.pathname);
      const file =
        url.pathname === '/artgrad-consent.js'
          ? embedPath
          : part || /^\/artgrad-consent-[a-z-]+\.js$/.test(url.pathname)
            ? join(EMBED_DIR, url.pathname)
            : safePath(url.pathname === '/' ? '/index.html' : url.pathname);
      if (!file) return send(res, 404, 'text/plain', 'not found');
      const body = await readFile(file);
      // Scripts are public: another origin may load them (module parts are fetched with CORS).
      const scripts = file.startsWith(EMBED_DIR) || file === embedPath ? { 'access-control-allow-origin': '*' } : {};
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body, CSP, part ? { ...scripts, 'cache-control': 'public, max-age=31536000, immutable' } : scripts);
    } catch (error) {
      send(res, error.code === 'ENOENT' ? 404 : 500, 'text/plain', error.code === 'ENOENT' ? 'not found' : 'error');
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return { server, orders, url: `http://${host}:${address.port}/`, close: () => new Promise((r) => server.close(r)) };
}

async function proxy(req, res, target) {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req, 1_048_576);
  const headers = {};
  for (const name of ['content-type', 'authorization', 'accept']) if (req.headers[name]) headers[name] = req.headers[name];
  // The receiver limits public writes per client; behind this proxy (TRUST_PROXY / trustProxy),
  // it takes the client from the address appended here.
  headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const upstream = await fetch(target, { method: req.method, headers, body });
  const out = {};
  upstream.headers.forEach((value, name) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
  });
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

function safePath(pathname, root = join(here, 'public')) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const base = normalize(root);
  const path = normalize(join(base, decoded));
  return path.startsWith(base.endsWith(sep) ? base : `${base}${sep}`) ? path : null;
}

// The console shows personal data and holds an admin token: never framed, never sending the
// page address anywhere.
const CONSOLE_HEADERS = { 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

function send(res, status, type, body, csp = CSP, extra = {}) {
  const headers = { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...extra };
  const encoded = compressed(res.req, type, body);
  if (encoded) {
    headers['content-encoding'] = encoded.encoding;
    body = encoded.body;
  }
  // Text answers differ by what the client accepts: caches must keep them apart.
  if (COMPRESSIBLE.test(type)) headers.vary = 'accept-encoding';
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Text is sent compressed, as a real deployment would serve it (brotli where the client takes
 * it, else gzip): the demo's pages then weigh what a shopper's would. Each body is compressed
 * once, at the highest quality, and kept by its hash (the files do not change while it runs).
 */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;
const MIN_COMPRESSED = 256;
const encodedCache = new Map();
function compressed(req, type, body) {
  const accepted = String(req?.headers['accept-encoding'] ?? '');
  if (!COMPRESSIBLE.test(type) || Buffer.byteLength(body) < MIN_COMPRESSED) return null;
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  if (!encoding) return null;
  const bytes = Buffer.from(body);
  const key = `${encoding}:${createHash('sha256').update(bytes).digest('base64')}`;
  let out = encodedCache.get(key);
  if (!out) {
    out = encoding === 'br' ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }) : gzipSync(bytes, { level: 9 });
    // A bounded cache: the demo's files, not every JSON answer ever sent.
    if (encodedCache.size > 200) encodedCache.clear();
    encodedCache.set(key, out);
  }
  return { encoding, body: out };
}

function redirect(res, location) {
  res.writeHead(301, { location, 'cache-control': 'no-cache' });
  res.end();
}

function json(res, status, value) {
  send(res, status, 'application/json', JSON.stringify(value));
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { code: 'TOO_LARGE' }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


