// Issue 11: SIGKILL during sustained ingest, then a restart on the same data. Every receipt the
// receiver acknowledged (stored or duplicate) must be in the store afterwards, a retry of the
// whole lot after the outage must lose nothing, and `verify-state` must find the state kept at
// ingest equal to the one recomputed from the receipts. Runs the built CLI as a real process,
// because only a real SIGKILL leaves a store the way a crash does (no close, no rollback hooks).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { withDefaultUser } from '../src/store/postgres-store.js';
import { createDevice, payloadOf } from './fixtures/device.js';
import { STORE_KINDS } from './fixtures/stores.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ADMIN_TOKEN = 'kill-test-admin-token-0123456789';
const DEVICES = 400;
const PER_DEVICE = 4;
// Two devices share each customer id: the pair is one principal, so an identify() that moves a
// device to a customer is also interrupted by the kill.
const PAIRS = 40;
const BATCH = 25;
const BATCH_BYTES = 60 * 1024 - 1024; // the protocol's 60 KiB, with room for the envelope
const CLIENTS = 8;
const LISTEN_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

interface Signed {
  device: number;
  id: string;
  jws: string;
  /** consentTimestamp, seconds: distinct across all receipts, so interleaving devices is unambiguous. */
  time: number;
  event: string;
  dissemination: boolean;
  subjectId: string | null;
}

type Result = { id: string | null; status: 'stored' | 'duplicate' | 'rejected'; error?: string };

interface Receiver {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): string;
}

/** The last `max` characters of a stream, for failure messages without unbounded memory. */
function tail(max = 8_000) {
  let text = '';
  return {
    add: (chunk: Buffer | string) => {
      text = (text + chunk.toString()).slice(-max);
    },
    text: () => text,
  };
}

const children = new Set<ChildProcess>();

/** Ends every child this file started (a failed test must not leave a receiver running) and waits for them. */
async function killChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function startReceiver(env: NodeJS.ProcessEnv): Promise<Receiver> {
  const child = spawn(process.execPath, [CLI], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const out = tail();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  child.stderr!.on('data', out.add);
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`receiver did not listen within ${LISTEN_TIMEOUT_MS} ms:\n${out.text()}`)), LISTEN_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out.add(chunk);
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, exited, log: out.text });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited (${code ?? signal}) before listening:\n${out.text()}`));
    });
  });
}

/** Runs `verify-state` on the same data; the CLI owns the exit code. */
function verifyState(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'verify-state'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

async function post(url: string, batch: readonly string[]): Promise<Result[]> {
  const response = await fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ receipts: batch }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /receipts answered ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { results: Result[] }).results;
}

/** Packs receipts as the SDK does: at most BATCH receipts and BATCH_BYTES per request. */
function batchesOf(jwsList: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const jws of jwsList) {
    if (current.length === BATCH || (current.length > 0 && bytes + jws.length + 3 > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(jws);
    bytes += jws.length + 3;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Holders of dissemination as the receiver defines them, from what was signed: a device joins the
 * principal of its latest customer id (else stands alone); a principal's devices are interleaved
 * by consentTimestamp; an `identified` receipt that only restates its own device's decision is not
 * a decision; the last decision left is the principal's state.
 */
function expectedHolders(signed: readonly Signed[]): number {
  const principalOf = new Map<number, string>();
  for (const s of signed) if (s.subjectId !== null || !principalOf.has(s.device)) principalOf.set(s.device, s.subjectId !== null ? `s:${s.subjectId}` : `k:${s.device}`);
  const byPrincipal = new Map<string, Signed[]>();
  for (const s of signed) {
    const key = principalOf.get(s.device)!;
    byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), s]);
  }
  let holders = 0;
  for (const list of byPrincipal.values()) {
    const own = new Map<number, boolean>();
    let granted = false;
    for (const s of [...list].sort((a, b) => a.time - b.time)) {
      const restated = s.event === 'identified' && own.get(s.device) === s.dissemination;
      own.set(s.device, s.dissemination);
      if (!restated) granted = s.dissemination;
    }
    if (granted) holders++;
  }
  return holders;
}

let signed: Signed[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: run \`pnpm --filter ./packages/receiver run build\` first`);
  // Signed up front so that posting runs at the receiver's pace, not at the signer's.
  const t0 = Date.now() - 3 * 3_600_000;
  const devices = await Promise.all(Array.from({ length: DEVICES }, () => createDevice()));
  const rounds: Signed[][] = [];
  for (let i = 0; i < PER_DEVICE; i++) {
    const round: Signed[] = [];
    for (const [d, device] of devices.entries()) {
      // Devices 2k and 2k+1 (k < PAIRS) are one customer's phone and laptop, identified from their second receipt on.
      const subjectId = d < 2 * PAIRS && i >= 1 ? `customer-${Math.floor(d / 2)}` : null;
      // A third of the devices withdraw dissemination; some of those give it again.
      const dissemination = i < 2 ? true : i === 2 ? d % 3 !== 0 : d % 3 !== 0 || d % 7 === 0;
      const event = i === 0 ? 'given' : i === 1 && subjectId !== null ? 'identified' : i === 2 && !dissemination ? 'withdrawn' : 'updated';
      const timeMs = t0 + (i * DEVICES + d) * 1000;
      const jws = await device.sign({
        timeMs,
        event,
        decisions: { processing: true, dissemination },
        ...(subjectId === null ? {} : { subjectId }),
      });
      round.push({ device: d, id: payloadOf(jws).consentReceiptID as string, jws, time: Math.floor(timeMs / 1000), event, dissemination, subjectId });
    }
    rounds.push(round);
  }
  // Posted round by round, as shoppers' devices send their next receipt later on.
  signed = rounds.flat();
}, 120_000);

afterEach(killChildren);

describe.each(STORE_KINDS.map((k) => k.name))('SIGKILL during ingest, then a restart (%s)', (kind) => {
  it('keeps every acknowledged receipt, loses nothing on retry, and verify-state finds no difference', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'receiver-kill-'));
    const databaseUrl = kind === 'postgres' ? process.env.TEST_DATABASE_URL! : '';
    const schema = `receiver_kill_${Date.now().toString(36)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RECEIVER_MODE: 'development',
      OTP_ADAPTER: 'none',
      RATE_LIMIT_PER_MINUTE: '0',
      ADMIN_TOKENS: `kill:${ADMIN_TOKEN}`,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: kind === 'postgres' ? schema : '',
    };
    const withPg = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: withDefaultUser(databaseUrl), options: `-c search_path=${schema}` });
      await client.connect();
      try {
        return await run(client);
      } finally {
        await client.end();
      }
    };
    /** Ids in the store, read past the receiver; a row kept as `<id>#<kid>` counts as its id. */
    const storedIds = async (): Promise<Set<string>> => {
      let rows: { id: string }[];
      if (kind === 'postgres') {
        rows = await withPg(async (c) => (await c.query<{ id: string }>('SELECT id FROM receipts')).rows);
      } else {
        const db = new Database(join(dataDir, 'receiver.sqlite'), { readonly: true });
        try {
          rows = db.prepare('SELECT id FROM receipts').all() as { id: string }[];
        } finally {
          db.close();
        }
      }
      return new Set(rows.map((r) => r.id.split('#')[0]!));
    };

    try {
      // 1. Load, and a SIGKILL once half the batches are acknowledged, with the rest in flight.
      const first = await startReceiver(env);
      const batches = batchesOf(signed.map((s) => s.jws));
      const killAfter = Math.floor(batches.length / 2);
      const acknowledged = new Set<string>();
      const rejected: Result[] = [];
      let next = 0;
      let ackedBatches = 0;
      let inFlight = 0;
      let inFlightAtKill = -1;
      let failed = 0;
      const failedBeforeKill: string[] = [];
      let killed = false;
      const client = async () => {
        while (!killed && next < batches.length) {
          const batch = batches[next++]!;
          inFlight++;
          try {
            const results = await post(first.url, batch);
            // Counted even when the answer arrives after the kill: it was sent, so it was committed.
            for (const r of results) {
              if (r.status === 'rejected') rejected.push(r);
              else acknowledged.add(r.id!);
            }
            ackedBatches++;
            if (!killed && ackedBatches >= killAfter) {
              killed = true;
              inFlightAtKill = inFlight - 1; // the others, this one is answered
              first.child.kill('SIGKILL');
            }
          } catch (error) {
            // Reset or refused by the kill: not acknowledged, the SDK would retry it. Before the
            // kill, a failure is the receiver's own and must not hide here.
            failed++;
            if (!killed) failedBeforeKill.push(String((error as Error).cause ?? error));
          } finally {
            inFlight--;
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      const death = await first.exited;
      expect(death.signal, first.log()).toBe('SIGKILL');
      expect(failedBeforeKill, 'requests failed before the kill').toEqual([]);
      expect(rejected, 'valid receipts were rejected').toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(0);
      // The kill hit a running load: requests were still out, and not everything was acknowledged.
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(acknowledged.size).toBeLessThan(signed.length);

      // What the kill left must already be consistent: state is written in the receipts' transaction.
      const afterKill = await verifyState(env);
      expect(afterKill.stdout + afterKill.stderr).toMatch(/verify-state: .*no difference/);
      expect(afterKill.code).toBe(0);

      // 2. Restart on the same data: every acknowledged receipt is there.
      const second = await startReceiver(env);
      const survived = await storedIds();
      const lost = [...acknowledged].filter((id) => !survived.has(id));
      expect(lost, `acknowledged receipts missing after the restart (${acknowledged.size} acknowledged, ${failed} requests failed)`).toEqual([]);

      // 3. The SDK's retry after the outage: everything again, none refused, so nothing is lost.
      const retried: Result[] = [];
      let cursor = 0;
      const retry = async () => {
        while (cursor < batches.length) retried.push(...(await post(second.url, batches[cursor++]!)));
      };
      await Promise.all(Array.from({ length: CLIENTS }, retry));
      expect(retried.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(retried).toHaveLength(signed.length);
      const all = await storedIds();
      expect(all.size).toBe(signed.length);
      expect(signed.every((s) => all.has(s.id))).toBe(true);

      const count = await fetch(`${second.url}/admin/holders/count?purpose=dissemination`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(count.status).toBe(200);
      expect(((await count.json()) as { holders: number }).holders).toBe(expectedHolders(signed));

      // 4. A clean stop, then the log and the kept state must agree.
      second.child.kill('SIGTERM');
      expect((await second.exited).code, second.log()).toBe(0);
      const verified = await verifyState(env);
      expect(verified.stdout + verified.stderr).toMatch(/verify-state: .*no difference/);
      expect(verified.code).toBe(0);
    } finally {
      await killChildren();
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') await withPg((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    }
  });
});
