#!/usr/bin/env node
// `node scripts/bench-receiver.mjs` (after `pnpm build`): the reference receiver at shop scale.
//
// For each store (SQLite; PostgreSQL too when TEST_DATABASE_URL is set) it grows one database to
// each size in BENCH_RECEIPTS (default 10,000 and 100,000; BENCH_RECEIPTS=10000,100000,1000000 for
// the long run) with real signed receipts: many devices, both purposes, updates, withdrawals,
// customers identified on two devices, spread over a year. Loading goes through the receiver's
// own ingest path in this process (verify, countersign, store and state in one transaction; no
// HTTP, to save time), never around verification. At each size it starts the built receiver on
// that database as a child process and prints, over HTTP:
//   - p50/p95 of every admin read the console makes (holders first page and a deep cursor page,
//     search by customer id and by key, withdrawals, count, daily stats, one proof);
//   - the whole holders CSV: time, rows, and the receiver's peak RSS;
//   - /health and POST /receipts p99 while that export runs;
//   - database bytes per receipt.
// Then ingest over HTTP (BENCH_INGEST receipts, default 10,000, 8 clients) next to the ceiling
// measured in the same run: verify + countersign per second on all cores (worker threads), with
// no HTTP and no storage. On PostgreSQL, ingest runs through two receivers on one database.
// Prints figures only; nothing here is asserted.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(root, 'packages', p, 'dist/index.js');
const cli = join(root, 'packages/receiver/dist/cli.js');
for (const file of [cli, dist('receipt'), dist('policy'), dist('receiver')]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`pnpm build\` first`);
    process.exit(1);
  }
}
const { buildReceipt, generateDeviceKey, publicJwk, signReceipt, chainHash } = await import(dist('receipt'));
const { kazakhPolicy } = await import(dist('policy'));
const { openStore, ingestReceipts, generateControllerKey, importControllerKey } = await import(dist('receiver'));
const pg = (await import(join(root, 'packages/receiver/node_modules/pg/lib/index.js'))).default;
const { withDefaultUser } = await import(join(root, 'packages/receiver/dist/store/postgres-store.js'));

const SIZES = (process.env.BENCH_RECEIPTS ?? '10000,100000').split(',').map(Number).sort((a, b) => a - b);
const INGEST = Number(process.env.BENCH_INGEST ?? 10_000);
const PG_URL = process.env.TEST_DATABASE_URL;
// BENCH_STORES=postgres (or sqlite) runs one store only: the 1M run of both takes most of an hour.
const STORES = ['sqlite', ...(PG_URL ? ['postgres'] : [])].filter((s) => !process.env.BENCH_STORES || process.env.BENCH_STORES.split(',').includes(s));
const DEADLINE_MINUTES = Number(process.env.BENCH_DEADLINE_MINUTES ?? 60);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const HOST = '127.0.0.1';
const DAY = 86_400_000;
const NOW = Date.now();
const policy = kazakhPolicy();
const RUNS = 20;

const fmt = (n, d = 0) => (n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const kb = (bytes) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

// ---------------------------------------------------------------------------------------------
// Receipts as shoppers make them. Device d: 1 to 4 receipts (grant, change of mind, withdrawal,
// identify), a third of them identified, two devices per customer; spread over the past year.

const controller = { name: '«АртГрад» ЖШС', bin: '123456789012', address: 'Алматы қ., Абай даңғылы 1', email: 'privacy@artgrad.kz', phone: '+7 727 000 00 00', url: 'https://artgrad.kz' };
const purposes = [
  { id: 'processing', label: 'Дербес деректерді жинау және өңдеу' },
  { id: 'dissemination', label: 'Дербес деректерді жалпыға қолжетімді көздерде тарату' },
];

async function deviceReceipts(d, totalDevices) {
  const keys = await generateDeviceKey();
  const jwk = await publicJwk(keys.publicKey);
  const subjectId = d % 3 === 0 ? `cust_${Math.floor(d / 6)}` : undefined;
  const start = NOW - 365 * DAY + Math.floor((d / totalDevices) * 364 * DAY);
  const steps = [
    { event: 'given', decisions: { processing: true, dissemination: d % 2 === 0 } },
    { event: 'updated', decisions: { processing: true, dissemination: d % 2 !== 0 } },
    { event: 'withdrawn', decisions: { processing: true, dissemination: false } },
    { event: 'updated', decisions: { processing: true, dissemination: true } },
  ].slice(0, 1 + (d % 4));
  let prev = null;
  const out = [];
  for (const [i, step] of steps.entries()) {
    const payload = buildReceipt({
      id: crypto.randomUUID(),
      timeMs: start + i * 3_600_000,
      principalId: `device:bench-${d}`,
      controller,
      policyUrl: 'https://artgrad.kz/policy/2024-1/kk',
      language: 'kk',
      purposes,
      decisions: step.decisions,
      event: step.event,
      policy: { version: policy.version, sha256: policy.sha256, language: 'kk' },
      confirmation: { method: 'checkbox', msOnStep: 1200 },
      prev,
      terms: { term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false },
      ...(subjectId ? { subjectId } : {}),
    });
    const jws = await signReceipt(payload, keys.privateKey, jwk);
    prev = await chainHash(jws);
    out.push(jws);
  }
  return out;
}
const RECEIPTS_PER_DEVICE = 2.5; // 1 + (d % 4) on average

/** Receipts, a batch of ≤ 50 at a time, for devices [from, to) of a shop of totalDevices. */
async function* batches(from, to, totalDevices, size = 50) {
  let batch = [];
  for (let d = from; d < to; d++) {
    for (const jws of await deviceReceipts(d, totalDevices)) {
      batch.push(jws);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

// ---------------------------------------------------------------------------------------------
// Stores and receivers.

async function openBenchStore(kind, where) {
  return kind === 'sqlite' ? openStore({ dataDir: where }) : openStore({ databaseUrl: PG_URL, databaseSchema: where, dataDir: tmpdir() });
}

async function dropSchema(schema) {
  const client = new pg.Client({ connectionString: withDefaultUser(PG_URL) });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function databaseBytes(kind, where) {
  if (kind === 'sqlite') return ['receiver.sqlite', 'receiver.sqlite-wal'].map((f) => join(where, f)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
  const client = new pg.Client({ connectionString: withDefaultUser(PG_URL) });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [where],
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function startReceiver(kind, where, controllerJwk) {
  const child = spawn(process.execPath, [cli], {
    env: {
      ...process.env,
      PORT: '0',
      HOST,
      RECEIVER_MODE: 'development',
      OTP_ADAPTER: 'none',
      RATE_LIMIT_PER_MINUTE: '0',
      ADMIN_TOKENS: `bench:${ADMIN_TOKEN}`,
      CONTROLLER_KEY: JSON.stringify(controllerJwk),
      ...(kind === 'sqlite' ? { DATA_DIR: where, DATABASE_URL: '' } : { DATABASE_URL: PG_URL, DATABASE_SCHEMA: where, DATA_DIR: tmpdir() }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}) before listening:\n${out}`)));
  });
}

const stopReceiver = ({ child }) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

/** Peak resident set size of a process so far (Linux: VmHWM). */
// CPU seconds (user + system, every thread) of processes, from /proc (Linux; 0 elsewhere): the
// ingest figure says where the cores went, since the load generator, the receivers and PostgreSQL
// share them with the crypto the ceiling measures alone.
const TICKS = 100;
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
};
const postgresPids = () => {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && readFileSync(`/proc/${d}/cmdline`, 'utf8').startsWith('postgres'));
  } catch {
    return [];
  }
};
const cpuOfAll = (pids) => pids.reduce((sum, pid) => sum + cpuOf(pid), 0);

const peakRss = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

// ---------------------------------------------------------------------------------------------
// Loading through the ingest path, in this process.

async function load(store, key, jwks, from, to, totalDevices) {
  const ctx = {
    store,
    controllerKey: key,
    controllerJwks: async () => jwks,
    keyRecorded: async () => {},
    now: () => Date.now(),
    maxFutureSkewSeconds: 300,
    knownPurposes: ['processing', 'dissemination'],
    onUnexpectedError: (error) => console.error(error),
  };
  let stored = 0;
  const pending = new Set();
  for await (const batch of batches(from, to, totalDevices)) {
    const p = ingestReceipts(batch, ctx).then((results) => {
      for (const r of results) if (r.status !== 'stored') throw new Error(`load: ${JSON.stringify(r)}`);
      stored += results.length;
    });
    pending.add(p);
    p.finally(() => pending.delete(p)).catch(() => {});
    if (pending.size >= 4) await Promise.race(pending);
  }
  await Promise.all(pending);
  return stored;
}

// ---------------------------------------------------------------------------------------------
// Reads over HTTP.

async function timed(url, path, runs = RUNS) {
  const times = [];
  let body;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    body = await response.json();
    times.push(performance.now() - t);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}: ${JSON.stringify(body)}`);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), body };
}

async function reads(url) {
  const since = new Date(NOW - 30 * DAY).toISOString().slice(0, 10);
  const out = {};
  out['holders page 1'] = await timed(url, '/admin/holders?purpose=dissemination&limit=50');
  // A deep page: half-way down the list, reached by cursor 500 at a time.
  let cursor = null;
  for (let depth = 0; depth < out['holders page 1'].body.total / 2 - 500; depth += 500) {
    cursor = (await timed(url, `/admin/holders?purpose=dissemination&limit=500${cursor ? `&cursor=${cursor}` : ''}`, 1)).body.nextCursor;
    if (!cursor) break;
  }
  out['holders deep page'] = cursor ? await timed(url, `/admin/holders?purpose=dissemination&limit=50&cursor=${cursor}`) : undefined;
  const someone = out['holders page 1'].body.items.find((i) => i.subjectId) ?? out['holders page 1'].body.items[0];
  out['search customer id'] = await timed(url, `/admin/holders?purpose=dissemination&limit=50&q=${encodeURIComponent(someone?.subjectId ?? 'cust_1')}`);
  out['search key prefix'] = await timed(url, `/admin/holders?purpose=dissemination&limit=50&q=${encodeURIComponent((someone?.kid ?? 'abc').slice(0, 6))}`);
  out['withdrawals'] = await timed(url, `/admin/withdrawals?purpose=dissemination&since=${since}&limit=50`);
  out['count'] = await timed(url, '/admin/holders/count?purpose=dissemination');
  out['daily stats'] = await timed(url, '/admin/stats/daily');
  out['one proof'] = someone ? await timed(url, `/admin/principals/${someone.kid}/chain`) : undefined;
  return out;
}

/** The whole holders CSV, while shoppers' receipts and /health keep coming. */
async function exportUnderLoad(url, pid, totalDevices) {
  const rssBefore = peakRss(pid);
  const idle = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await (await fetch(`${url}/health`)).json();
    idle.push(performance.now() - t);
  }
  let exporting = true;
  const health = [];
  const posts = [];
  const fresh = batches(totalDevices * 10, totalDevices * 10 + 10_000, totalDevices * 20, 1);
  const probe = async () => {
    while (exporting) {
      const t = performance.now();
      await (await fetch(`${url}/health`)).json();
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const shopper = async () => {
    while (exporting) {
      const { value } = await fresh.next();
      const t = performance.now();
      const response = await fetch(`${url}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: value }) });
      await response.json();
      posts.push(performance.now() - t);
    }
  };
  const t = performance.now();
  const background = [probe(), shopper()];
  const response = await fetch(`${url}/admin/holders.csv?purpose=dissemination`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  let bytes = 0;
  let rows = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) rows++;
  }
  const ms = performance.now() - t;
  exporting = false;
  await Promise.all(background);
  return { ms, bytes, rows: rows - 1, rss: peakRss(pid), rssBefore, health99: pct(health, 99), healthIdle99: pct(idle, 99), healthN: health.length, post99: pct(posts, 99), posts: posts.length };
}

// ---------------------------------------------------------------------------------------------
// Ingest over HTTP, and the crypto ceiling beside it.

async function presign(n, offset) {
  const out = [];
  for await (const batch of batches(offset, offset + Math.ceil(n / RECEIPTS_PER_DEVICE), offset * 2 + n)) out.push(...batch);
  return out.slice(0, n);
}

function packed(receipts) {
  const out = [];
  let current = [];
  let bytes = 16;
  for (const jws of receipts) {
    if (current.length && (current.length === 50 || bytes + jws.length + 3 > 60_000)) {
      out.push(current);
      current = [];
      bytes = 16;
    }
    current.push(jws);
    bytes += jws.length + 3;
  }
  if (current.length) out.push(current);
  return out;
}

async function ingestOverHttp(urls, receipts, concurrency = 8) {
  const queue = packed(receipts);
  const latencies = [];
  let stored = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      while (next < queue.length) {
        const batch = queue[next++];
        const t = performance.now();
        const response = await fetch(`${urls[c % urls.length]}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: batch }) });
        const body = await response.json();
        latencies.push(performance.now() - t);
        if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
        stored += body.results.filter((r) => r.status === 'stored').length;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (stored !== receipts.length) throw new Error(`only ${stored} of ${receipts.length} stored`);
  return { rate: receipts.length / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** verifyReceipt + countersign per second, on every core (one worker each), no HTTP, no storage. */
async function ceiling(receipts, privateJwk, seconds = 3) {
  const workers = availableParallelism();
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      const { verifyReceipt, countersign } = await import(workerData.receipt);
      const { importControllerKey } = await import(workerData.receiver);
      const key = await importControllerKey(workerData.privateJwk);
      const end = Date.now() + workerData.ms;
      let n = 0;
      while (Date.now() < end) {
        for (const jws of workerData.receipts) {
          await countersign(await verifyReceipt(jws), key.privateKey, key.publicJwk, Date.now());
          n++;
        }
      }
      parentPort.postMessage(n);
    })();`;
  const sample = receipts.slice(0, 200);
  const t0 = performance.now();
  const counts = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: { receipt: dist('receipt'), receiver: dist('receiver'), privateJwk, ms: seconds * 1000, receipts: sample } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  return { rate: counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000), workers };
}

// ---------------------------------------------------------------------------------------------

const { privateJwk } = await generateControllerKey();
const key = await importControllerKey(privateJwk);
const jwks = [{ ...key.publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' }];
const table = [];
const cleanups = [];
const deadline = setTimeout(() => {
  console.error(`bench: over ${DEADLINE_MINUTES} minutes; stopping (BENCH_DEADLINE_MINUTES)`);
  process.exit(1);
}, DEADLINE_MINUTES * 60_000);
deadline.unref();

try {
  console.log(`receiver bench: sizes ${SIZES.map((n) => fmt(n)).join(', ')}; stores ${STORES.join(', ')}; ${availableParallelism()} cores`);
  for (const kind of STORES) {
    const where = kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'bench-receiver-')) : `bench_${process.pid}_${Date.now().toString(36)}`;
    cleanups.push(() => (kind === 'sqlite' ? rmSync(where, { recursive: true, force: true }) : dropSchema(where)));
    let devices = 0;
    let receipts = 0;
    for (const size of SIZES) {
      const target = Math.ceil(size / RECEIPTS_PER_DEVICE);
      const store = await openBenchStore(kind, where);
      await store.addControllerKey({ kid: key.kid, jwk: key.publicJwk, addedAtMs: Date.now() });
      const t = performance.now();
      // Devices are numbered across sizes so each size adds new shoppers to the same shop.
      receipts += await load(store, key, jwks, devices, target, Math.ceil(SIZES.at(-1) / RECEIPTS_PER_DEVICE));
      const loadSeconds = (performance.now() - t) / 1000;
      devices = target;
      await store.close();
      const receiver = await startReceiver(kind, where, privateJwk);
      try {
        const r = await reads(receiver.url);
        const csv = await exportUnderLoad(receiver.url, receiver.child.pid, devices);
        const bytes = await databaseBytes(kind, where);
        const holders = r.count.body.holders;
        table.push({ kind, receipts, holders, r, csv, bytesPerReceipt: bytes / receipts });
        console.log(`\n${kind}, ${fmt(receipts)} receipts (${fmt(devices)} devices, ${fmt(holders)} holders of dissemination; loaded at ${fmt(receipts / loadSeconds)}/s through ingest)`);
        for (const [name, v] of Object.entries(r)) console.log(`  ${name.padEnd(20)} ${v ? `p50 ${fmt(v.p50, 1)} ms, p95 ${fmt(v.p95, 1)} ms` : '–'}`);
        console.log(`  holders.csv          ${fmt(csv.rows)} rows, ${kb(csv.bytes)} in ${fmt(csv.ms)} ms; receiver peak RSS ${kb(csv.rss)} (${kb(csv.rssBefore)} before)`);
        console.log(`  while exporting      /health p99 ${fmt(csv.health99, 1)} ms (${csv.healthN} probes; idle p99 ${fmt(csv.healthIdle99, 1)} ms); POST /receipts p99 ${fmt(csv.post99, 1)} ms (${csv.posts} posts)`);
        console.log(`  database             ${fmt(bytes / receipts)} bytes per receipt`);
      } finally {
        await stopReceiver(receiver);
      }
    }
  }

  // Ingest over HTTP against the ceiling, each store fresh.
  const sample = await presign(INGEST, 5_000_000);
  const top = await ceiling(sample, privateJwk);
  console.log(`\nceiling: verify + countersign on ${top.workers} cores (worker threads, no HTTP, no storage): ${fmt(top.rate)} receipts/s`);
  for (const kind of STORES) {
    const where = kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'bench-ingest-')) : `bench_ingest_${process.pid}_${Date.now().toString(36)}`;
    cleanups.push(() => (kind === 'sqlite' ? rmSync(where, { recursive: true, force: true }) : dropSchema(where)));
    if (kind === 'postgres') await (await openBenchStore(kind, where)).close(); // migrate once, before two receivers start
    const receivers = await Promise.all(Array.from({ length: kind === 'postgres' ? 2 : 1 }, () => startReceiver(kind, where, privateJwk)));
    try {
      const pids = receivers.map((x) => x.child.pid);
      // Backends the receivers' pools open during the run start from nothing.
      const pg0 = new Map(kind === 'postgres' ? postgresPids().map((pid) => [pid, cpuOf(pid)]) : []);
      const cpu0 = { receivers: cpuOfAll(pids), bench: process.cpuUsage() };
      const r = await ingestOverHttp(
        receivers.map((x) => x.url),
        sample,
      );
      const bench = process.cpuUsage(cpu0.bench);
      const perReceipt = (seconds) => fmt((1000 * seconds) / sample.length, 2);
      console.log(
        `ingest over HTTP (${kind}, ${receivers.length} receiver${receivers.length > 1 ? 's' : ''}, 8 clients, ${fmt(INGEST)} receipts): ${fmt(r.rate)} receipts/s = ${fmt((100 * r.rate) / top.rate)} % of the ceiling; batch p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms`,
      );
      console.log(
        `  CPU per receipt: receivers ${perReceipt(cpuOfAll(pids) - cpu0.receivers)} ms (the ceiling's crypto alone: ${fmt((1000 * top.workers) / top.rate, 2)} ms)` +
          (kind === 'postgres' ? `, PostgreSQL ${perReceipt(postgresPids().reduce((sum, pid) => sum + cpuOf(pid) - (pg0.get(pid) ?? 0), 0))} ms` : '') +
          `, load generator ${perReceipt((bench.user + bench.system) / 1e6)} ms`,
      );
      table.push({ kind, ingest: r, ceiling: top.rate, receivers: receivers.length });
    } finally {
      await Promise.all(receivers.map(stopReceiver));
    }
  }

  console.log('\n| store | receipts | holders page 1 | deep page | search | withdrawals | count | daily | proof | CSV (rows, time, peak RSS) | /health p99 during CSV | bytes/receipt |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const p95 = (v) => (v ? `${fmt(v.p95, 1)}` : '–');
  for (const row of table.filter((r) => r.r)) {
    const { r, csv } = row;
    console.log(
      `| ${row.kind} | ${fmt(row.receipts)} | ${p95(r['holders page 1'])} | ${p95(r['holders deep page'])} | ${p95(r['search customer id'])} / ${p95(r['search key prefix'])} | ${p95(r.withdrawals)} | ${p95(r.count)} | ${p95(r['daily stats'])} | ${p95(r['one proof'])} | ${fmt(csv.rows)}, ${fmt(csv.ms / 1000, 1)} s, ${kb(csv.rss)} | ${fmt(csv.health99, 1)} ms | ${fmt(row.bytesPerReceipt)} |`,
    );
  }
  console.log('(admin reads: p95 in ms over 20 runs each; search: customer id / key prefix)');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups) await cleanup();
  clearTimeout(deadline);
}
