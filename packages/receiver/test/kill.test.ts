// Issue 11: SIGKILL during sustained ingest, then a restart on the same data. Every receipt the
// receiver acknowledged (stored or duplicate) must be in the store afterwards, a retry of the
// whole lot after the outage must lose nothing, and `verify-state` must find the state kept at
// ingest equal to the one recomputed from the receipts. Runs the built CLI as a real process,
// because only a real SIGKILL leaves a store the way a crash does (no close, no rollback hooks).
// On PostgreSQL a second test runs two receivers on one schema and kills one of them mid-load.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { generateControllerKey } from '../src/index.js';
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

/** Every batch to one receiver, CLIENTS at a time, as the SDKs retry after an outage; a failed request fails the caller. */
async function postAll(url: string, batches: readonly string[][]): Promise<Result[]> {
  const results: Result[] = [];
  let cursor = 0;
  const client = async () => {
    while (cursor < batches.length) results.push(...(await post(url, batches[cursor++]!)));
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return results;
}

async function holdersCount(url: string): Promise<number> {
  const response = await fetch(`${url}/admin/holders/count?purpose=dissemination`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { holders: number }).holders;
}

/** `verify-state` on the data must find the state kept at ingest equal to the one the receipts give. */
async function expectNoDifference(env: NodeJS.ProcessEnv): Promise<void> {
  const report = await verifyState(env);
  expect(report.stdout + report.stderr).toMatch(/verify-state: .*no difference/);
  expect(report.code).toBe(0);
}

interface PgAt {
  databaseUrl: string;
  schema: string;
}

/** Where the receivers keep their receipts: the SQLite file in dataDir, or a PostgreSQL schema when set. */
interface StoreAt {
  dataDir: string;
  postgres?: PgAt;
}

/** A schema of its own per test, so runs (and the two tests) never see each other's rows. */
function freshSchema(): string {
  return `receiver_kill_${Date.now().toString(36)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

function receiverEnv(at: StoreAt): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: at.dataDir,
    RECEIVER_MODE: 'development',
    OTP_ADAPTER: 'none',
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_TOKENS: `kill:${ADMIN_TOKEN}`,
    DATABASE_URL: at.postgres?.databaseUrl ?? '',
    DATABASE_SCHEMA: at.postgres?.schema ?? '',
  };
}

async function withPg<T>(at: PgAt, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDefaultUser(at.databaseUrl), options: `-c search_path=${at.schema}` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Ids in the store, read past the receiver; a row kept as `<id>#<kid>` counts as its id. */
async function storedIds(at: StoreAt): Promise<Set<string>> {
  let rows: { id: string }[];
  if (at.postgres) {
    rows = await withPg(at.postgres, async (c) => (await c.query<{ id: string }>('SELECT id FROM receipts')).rows);
  } else {
    const db = new Database(join(at.dataDir, 'receiver.sqlite'), { readonly: true });
    try {
      rows = db.prepare('SELECT id FROM receipts').all() as { id: string }[];
    } finally {
      db.close();
    }
  }
  return new Set(rows.map((r) => r.id.split('#')[0]!));
}

/** Removes what a test left: its data directory and, on PostgreSQL, its schema. */
async function removeStore(at: StoreAt): Promise<void> {
  rmSync(at.dataDir, { recursive: true, force: true });
  if (at.postgres) await withPg(at.postgres, (c) => c.query(`DROP SCHEMA IF EXISTS ${at.postgres!.schema} CASCADE`));
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
    const at: StoreAt = {
      dataDir: mkdtempSync(join(tmpdir(), 'receiver-kill-')),
      ...(kind === 'postgres' ? { postgres: { databaseUrl: process.env.TEST_DATABASE_URL!, schema: freshSchema() } } : {}),
    };
    const env = receiverEnv(at);

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
      await expectNoDifference(env);

      // 2. Restart on the same data: every acknowledged receipt is there.
      const second = await startReceiver(env);
      const survived = await storedIds(at);
      const lost = [...acknowledged].filter((id) => !survived.has(id));
      expect(lost, `acknowledged receipts missing after the restart (${acknowledged.size} acknowledged, ${failed} requests failed)`).toEqual([]);

      // 3. The SDK's retry after the outage: everything again, none refused, so nothing is lost.
      const retried = await postAll(second.url, batches);
      expect(retried.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(retried).toHaveLength(signed.length);
      const all = await storedIds(at);
      expect(all.size).toBe(signed.length);
      expect(signed.every((s) => all.has(s.id))).toBe(true);

      expect(await holdersCount(second.url)).toBe(expectedHolders(signed));

      // 4. A clean stop, then the log and the kept state must agree.
      second.child.kill('SIGTERM');
      expect((await second.exited).code, second.log()).toBe(0);
      await expectNoDifference(env);
    } finally {
      await killChildren();
      await removeStore(at);
    }
  });
});

// Several receivers behind a proxy share one PostgreSQL: a receiver that dies mid-load must not
// cost the others a request, and the two racing on the same receipt must still store it once.
// PostgreSQL only: SQLite is one process's file.
it.skipIf(!process.env.TEST_DATABASE_URL)('two receivers on one PostgreSQL, one killed mid-load', { timeout: 180_000 }, async () => {
  const at: StoreAt = {
    dataDir: mkdtempSync(join(tmpdir(), 'receiver-kill-')),
    postgres: { databaseUrl: process.env.TEST_DATABASE_URL!, schema: freshSchema() },
  };
  // One controller key for both, passed as a deployment passes it to every instance: a receipt's
  // countersignature must not depend on which receiver took it.
  const controller = await generateControllerKey();
  const env: NodeJS.ProcessEnv = { ...receiverEnv(at), CONTROLLER_KEY: JSON.stringify(controller.privateJwk) };
  const pgAt = at.postgres!;
  /** Rows in receipts, and distinct ids among them (a `<id>#<kid>` row counts as its id). */
  const rowCounts = () =>
    withPg(pgAt, async (c) => (await c.query<{ stored: number; ids: number }>(`SELECT count(*)::int AS stored, count(DISTINCT split_part(id, '#', 1))::int AS ids FROM receipts`)).rows[0]!);

  try {
    // 1. One after the other: A has migrated the fresh schema by the time it listens, so B only
    // finds it done (the advisory lock would also serialise them, but this keeps the test plain).
    const a = await startReceiver(env);
    const b = await startReceiver(env);

    // 2. Batches alternately to A and B, and every 4th to both at once, so that the two race on
    // the same receipt ids; A is killed once half the batches are acknowledged.
    const batches = batchesOf(signed.map((s) => s.jws));
    const jobs: { index: number; to: Receiver[] }[] = [];
    let single = 0;
    for (const index of batches.keys()) jobs.push({ index, to: index % 4 === 3 ? [a, b] : [single++ % 2 === 0 ? a : b] });
    const killAfter = Math.floor(batches.length / 2);
    const acknowledged = new Set<string>();
    const rejected: Result[] = [];
    const ackedBatches = new Set<number>();
    const failedOnB: string[] = [];
    const failedOnABeforeKill: string[] = [];
    let failedOnA = 0;
    let ackedByBAfterKill = 0;
    let inFlightOnA = 0;
    let inFlightOnAAtKill = -1;
    let killed = false;
    let next = 0;
    const send = async (index: number, to: Receiver) => {
      const sentAfterKill = killed;
      if (to === a) inFlightOnA++;
      try {
        const results = await post(to.url, batches[index]!);
        // Counted even when A's answer arrives after the kill: it was sent, so it was committed.
        for (const r of results) {
          if (r.status === 'rejected') rejected.push(r);
          else acknowledged.add(r.id!);
        }
        if (to === b && sentAfterKill) ackedByBAfterKill++;
        ackedBatches.add(index);
        if (!killed && ackedBatches.size >= killAfter) {
          killed = true;
          inFlightOnAAtKill = inFlightOnA - (to === a ? 1 : 0); // the others, this one is answered
          a.child.kill('SIGKILL');
        }
      } catch (error) {
        const reason = String((error as Error).cause ?? error);
        // B was never touched: any failure of it is a real one, before the kill or after.
        if (to === b) failedOnB.push(reason);
        else {
          // Reset or refused by the kill: not acknowledged, the SDK would retry it elsewhere.
          failedOnA++;
          if (!killed) failedOnABeforeKill.push(reason);
        }
      } finally {
        if (to === a) inFlightOnA--;
      }
    };
    const client = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        // Nothing new goes out between the kill and A's death, so what B answers from then on it
        // answers alone, while PostgreSQL rolls back the transactions A left open.
        if (killed) await a.exited;
        await Promise.all(job.to.map((to) => send(job.index, to)));
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const death = await a.exited;
    expect(death.signal, a.log()).toBe('SIGKILL');
    expect(failedOnB, `requests to B failed:\n${b.log()}`).toEqual([]);
    expect(failedOnABeforeKill, `requests to A failed before the kill:\n${a.log()}`).toEqual([]);
    expect(rejected, 'valid receipts were rejected').toEqual([]);
    // The kill hit a running load (requests to A were out, later ones to A failed) and B went on
    // answering without A.
    expect(inFlightOnAAtKill).toBeGreaterThan(0);
    expect(failedOnA).toBeGreaterThan(0);
    expect(ackedByBAfterKill, 'batches B acknowledged after A died').toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(signed.length);

    // 3. Every receipt either acknowledged is stored, and once: the race on shared batches was
    // settled by the database, not by either receiver.
    const survived = await storedIds(at);
    const lost = [...acknowledged].filter((id) => !survived.has(id));
    expect(lost, `acknowledged receipts missing (${acknowledged.size} acknowledged, ${failedOnA} requests to A failed)`).toEqual([]);
    const afterLoad = await rowCounts();
    expect(afterLoad.ids).toBe(afterLoad.stored);
    expect(afterLoad.ids).toBeGreaterThanOrEqual(acknowledged.size);
    // Both countersigned with the one key, so the store knows one controller.
    const kids = await withPg(pgAt, async (c) => (await c.query<{ kid: string }>('SELECT kid FROM controller_keys')).rows.map((r) => r.kid));
    expect(kids).toEqual([controller.key.kid]);
    // What the kill and the race left must already be consistent, before the retry stores (and
    // refreshes the state of) anything more. B is idle now, so this reads a still store.
    await expectNoDifference(env);

    // 4. The SDK's retry, all to the survivor: none refused, and the store then holds exactly the lot.
    const retried = await postAll(b.url, batches);
    expect(retried.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(retried).toHaveLength(signed.length);
    expect(await rowCounts()).toEqual({ stored: signed.length, ids: signed.length });
    const all = await storedIds(at);
    expect(signed.every((s) => all.has(s.id))).toBe(true);
    expect(await holdersCount(b.url)).toBe(expectedHolders(signed));

    // 5. A clean stop of B, then the log and the kept state must agree.
    b.child.kill('SIGTERM');
    expect((await b.exited).code, b.log()).toBe(0);
    await expectNoDifference(env);
  } finally {
    await killChildren();
    await removeStore(at);
  }
});
