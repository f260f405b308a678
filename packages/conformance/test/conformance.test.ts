// The conformance kit against the reference receiver (SQLite, and PostgreSQL when CI gives one),
// against examples/backend-minimal, and against a backend that takes anything: the kit passes the
// first two and fails the third, naming what differed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '@artgrad/receiver';
import { runConformance, type CheckResult } from '../src/index.js';
// @ts-expect-error: plain ESM example without types
import { startMinimalBackend } from '../../../examples/backend-minimal/server.mjs';

const ORIGIN = 'https://shop.conformance.test';
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const failures = (results: CheckResult[]) => results.filter((r) => r.outcome === 'fail').map((r) => `${r.name}: ${r.detail}`);
const quiet = { info() {}, error() {} };

describe('the conformance kit', () => {
  const stores = [{ name: 'SQLite', options: {} }, ...(process.env.TEST_DATABASE_URL ? [{ name: 'PostgreSQL', options: { databaseUrl: process.env.TEST_DATABASE_URL, databaseSchema: `conformance_${Date.now().toString(36)}_${process.pid}` } }] : [])];
  it.each(stores)('the reference receiver on $name passes every check, 429 with Retry-After included', async ({ options }) => {
    const receiver = await startReceiver({ development: true, dataDir: temp(), port: 0, corsOrigins: [ORIGIN], rateLimitPerMinute: 40, logger: quiet, ...options });
    try {
      const results = await runConformance({ endpoint: receiver.url, origin: ORIGIN, rateLimit: true, rateLimitTries: 200 });
      expect(failures(results)).toEqual([]);
      expect(results.filter((r) => r.outcome === 'skip')).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(20);
    } finally {
      await receiver.close();
    }
  });

  it('examples/backend-minimal (node:http, @artgrad/receipt, a JSON-lines file) passes; it has no rate limit, so that check is skipped', async () => {
    const dir = temp();
    const backend = await startMinimalBackend({ port: 0, dataFile: join(dir, 'receipts.jsonl'), keyFile: join(dir, 'key.json'), origins: [ORIGIN] });
    try {
      const results = await runConformance({ endpoint: backend.url, origin: ORIGIN });
      expect(failures(results)).toEqual([]);
      expect(results.filter((r) => r.outcome === 'skip').map((r) => r.name)).toEqual(['429 with Retry-After']);
    } finally {
      await backend.close();
    }
    // Restarted on the same file: what it acknowledged is still there (a duplicate, not stored again).
    const again = await startMinimalBackend({ port: 0, dataFile: join(dir, 'receipts.jsonl'), keyFile: join(dir, 'key.json') });
    try {
      const { readFileSync } = await import('node:fs');
      const first = JSON.parse(readFileSync(join(dir, 'receipts.jsonl'), 'utf8').split('\n')[0]!);
      const response = await fetch(`${again.url}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: [first.jws] }) });
      expect(((await response.json()) as { results: { status: string; receipt: string }[] }).results[0]).toEqual({ id: first.id, status: 'duplicate', receipt: first.countersignature });
    } finally {
      await again.close();
    }
  });

  it('fails a backend that takes anything, naming each behaviour it lacks', async () => {
    const lax: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/.well-known/jwks.json')) return Response.json({ keys: [] });
      const receipts = (JSON.parse(String(init?.body ?? '{"receipts":[]}')) as { receipts: string[] }).receipts;
      return Response.json({ results: receipts.map(() => ({ id: null, status: 'stored' })) });
    };
    const results = await runConformance({ endpoint: 'https://lax.test', fetch: lax });
    const failed = results.filter((r) => r.outcome === 'fail').map((r) => r.name);
    for (const name of ['stored', 'duplicate', 'tamper', 'high-S twin', 'alg none', 'future-dated', 'batch limit', 'byte limit']) expect(failed).toContain(name);
    expect(results.find((r) => r.name === 'tamper')!.detail).toMatch(/expected rejected RECEIPT_SIGNATURE, got stored/);
  });

  it('the command prints one line per check and exits 1 when one fails, 0 when all hold', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const dir = temp();
    const backend = await startMinimalBackend({ port: 0, dataFile: join(dir, 'r.jsonl'), keyFile: join(dir, 'k.json'), origins: [ORIGIN] });
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [cli, backend.url, '--origin', ORIGIN]);
      expect(stdout).toMatch(/✓ stored/);
      expect(stdout).toMatch(/- 429 with Retry-After/);
      expect(stdout).toMatch(/checks held \(1 skipped\)/);
      const wrongOrigin = await promisify(execFile)(process.execPath, [cli, backend.url, '--origin', 'https://elsewhere.test']).catch((e: { code: number; stdout: string }) => e);
      expect((wrongOrigin as { code: number }).code).toBe(1);
      expect((wrongOrigin as { stdout: string }).stdout).toMatch(/✗ CORS preflight\s+Access-Control-Allow-Origin is null/);
    } finally {
      await backend.close();
    }
  });
});
