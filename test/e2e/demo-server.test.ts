// The demo shop serves what it serves as a real deployment would: compressed text (brotli when
// the client takes it, else gzip, else as it is), the same bytes once decoded, apart in caches.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED } from './harness.js';
// @ts-expect-error: plain ESM module without types, shared with `pnpm start`
import { startShop } from '../../examples/shop/server.mjs';

let shop: { url: string; close(): Promise<void> };
beforeAll(async () => {
  shop = await startShop({ port: 0 });
});
afterAll(() => shop.close());

/** A raw GET (fetch would decode for us, and say nothing of what came over the wire). */
function get(path: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, shop.url), { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo server', () => {
  it('sends the script tag brotli-compressed to a client that takes it, gzip to one that takes only gzip, plain to one that takes neither', async () => {
    const original = readFileSync(EMBED);
    const br = await get('/artgrad-consent.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.body.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    const gz = await get('/artgrad-consent.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const plain = await get('/artgrad-consent.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('compresses the page too, keeps its CSP, and describes the shop for search engines', async () => {
    const page = await get('/', 'br');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(brotliDecompressSync(page.body).toString('utf8')).toMatch(/<meta name="description" content="[^"]{50,}">/);
  });
});
