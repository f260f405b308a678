#!/usr/bin/env node
// `node scripts/bench-receiver.mjs [receipts] [concurrency] [devices]` (after `pnpm build`): ingestion
// throughput of the reference receiver. Starts the built receiver (SQLite in a temp DATA_DIR) as
// a child process on 127.0.0.1, pre-signs N receipts, posts them from this second process in
// batches as the SDK packs them (≤ 50 receipts, ≤ 60,000 bytes) with bounded concurrency, then
// prints receipts/s, raw WebCrypto ES256 verifications/s measured in the same run, and p50/p99
// request latency; then the marketer's reads over what was stored (a holders page, the count, the
// daily chart), which derive state from the receipts at request time. Stops the child and
// removes its data whatever happens (unless BENCH_KEEP_DATA=1, to profile the reads on it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const N = Number(process.argv[2] ?? 5000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
// 100 devices with long chains by default; `5000 8 2500` is a shop's shape: many shoppers, two decisions each.
const DEVICES = Number(process.argv[4] ?? 100);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const HOST = '127.0.0.1'; // loopback only, by design: this is no load tool for other machines
const MAX_BATCH = 50;
const MAX_BATCH_BYTES = 60_000;
const DEADLINE_MS = 180_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/receiver/dist/cli.js');
const receiptDist = join(root, 'packages/receipt/dist/index.js');
for (const file of [cli, receiptDist, join(root, 'packages/policy/dist/index.js')]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`pnpm build\` first`);
    process.exit(1);
  }
}
const { buildReceipt, generateDeviceKey, publicJwk, signReceipt, chainHash } = await import(receiptDist);
const { kazakhPolicy } = await import(join(root, 'packages/policy/dist/index.js'));

const dataDir = mkdtempSync(join(tmpdir(), 'bench-receiver-'));
let child;
const cleanup = () => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (!process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
};
const deadline = setTimeout(() => {
  console.error(`bench did not finish within ${DEADLINE_MS / 1000} s; stopping`);
  cleanup();
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

try {
  // 1. The receiver, in its own process, as it would run.
  child = spawn(process.execPath, [cli], {
    // No rate limit: one client here stands for the many shoppers a real load would come from.
    env: { ...process.env, PORT: '0', HOST, DATA_DIR: dataDir, RECEIVER_MODE: 'development', OTP_ADAPTER: 'none', DATABASE_URL: '', RATE_LIMIT_PER_MINUTE: '0', ADMIN_TOKENS: `bench:${ADMIN_TOKEN}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}) before listening:\n${out}`)));
  });

  // 2. Receipts signed up front, as 100 devices' chains, so posting measures only the receiver.
  const policy = kazakhPolicy();
  const devices = DEVICES;
  const perDevice = Math.ceil(N / devices);
  const receipts = [];
  const t0 = Date.now() - 3_600_000;
  for (let d = 0; d < devices && receipts.length < N; d++) {
    const keys = await generateDeviceKey();
    const jwk = await publicJwk(keys.publicKey);
    let prev = null;
    for (let i = 0; i < perDevice && receipts.length < N; i++) {
      const payload = buildReceipt({
        id: crypto.randomUUID(),
        timeMs: t0 + i * 1000,
        principalId: `device:bench-${d}`,
        controller: { name: '«АртГрад» ЖШС', bin: '123456789012', address: 'Алматы қ., Абай даңғылы 1', email: 'privacy@artgrad.kz', phone: '+7 727 000 00 00', url: 'https://artgrad.kz' },
        policyUrl: 'https://artgrad.kz/policy/2024-1/kk',
        language: 'kk',
        purposes: [
          { id: 'processing', label: 'Дербес деректерді жинау және өңдеу' },
          { id: 'dissemination', label: 'Дербес деректерді жалпыға қолжетімді көздерде тарату' },
        ],
        decisions: { processing: true, dissemination: (i + d) % 2 === 0 }, // the last decision grants it on half the devices
        event: i === 0 ? 'given' : 'updated',
        policy: { version: policy.version, sha256: policy.sha256, language: 'kk' },
        confirmation: { method: 'checkbox', msOnStep: 1200 },
        prev,
        terms: { term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false },
      });
      const jws = await signReceipt(payload, keys.privateKey, jwk);
      prev = await chainHash(jws);
      receipts.push(jws);
    }
  }
  const batches = [];
  let current = [];
  let bytes = 16;
  for (const jws of receipts) {
    if (current.length && (current.length === MAX_BATCH || bytes + jws.length + 3 > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 16;
    }
    current.push(jws);
    bytes += jws.length + 3;
  }
  if (current.length) batches.push(current);

  // The ceiling for comparison: raw ES256 verifications with WebCrypto on this machine, in this
  // run, measured while the receiver is idle (median of three rounds: the machine is shared).
  const verifyKeys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const message = new TextEncoder().encode(receipts[0]);
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, verifyKeys.privateKey, message);
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    const count = 3000;
    const v0 = performance.now();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, verifyKeys.publicKey, signature, message)));
    }
    rounds.push(count / ((performance.now() - v0) / 1000));
  }
  const verifyRate = percentile(rounds, 50);

  // 3. Post with bounded concurrency; every receipt must come back stored.
  const latencies = [];
  let stored = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const t = performance.now();
        const response = await fetch(`${url}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: batch }) });
        const body = await response.json();
        latencies.push(performance.now() - t);
        if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
        stored += body.results.filter((r) => r.status === 'stored').length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (stored !== receipts.length) throw new Error(`only ${stored} of ${receipts.length} receipts were stored`);

  const avgBatch = receipts.length / batches.length;
  console.log(`receiver bench: ${fmt(receipts.length)} receipts (${fmt(receipts[0].length)} B each) in ${batches.length} batches of ~${fmt(avgBatch, 1)} (60,000-byte limit), concurrency ${CONCURRENCY}, SQLite, ${HOST}`);
  console.log(`  ingested: ${fmt(receipts.length / seconds)} receipts/s (${fmt(seconds, 2)} s; verify + countersign + store)`);
  console.log(`  raw ES256 verify (WebCrypto, this process): ${fmt(verifyRate)} /s`);
  console.log(`  request latency: p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms`);

  // 4. The marketer's reads, each derived from every receipt of every device that decided on
  // dissemination (half the receipts grant it): median of five, one at a time.
  const admin = async (path) => {
    const times = [];
    let body;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const response = await fetch(`${url}/admin/${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      body = await response.json();
      times.push(performance.now() - t);
      if (response.status !== 200) throw new Error(`/admin/${path}: HTTP ${response.status}: ${JSON.stringify(body)}`);
    }
    return { ms: percentile(times, 50), body };
  };
  const page = await admin('holders?purpose=dissemination&limit=50');
  const count = await admin('holders/count?purpose=dissemination');
  const daily = await admin('stats/daily');
  if (count.body.holders !== page.body.total) throw new Error(`count ${count.body.holders} ≠ holders total ${page.body.total}`);
  console.log(`  admin reads over ${fmt(devices)} devices, ${fmt(count.body.holders)} holders of dissemination: holders page ${fmt(page.ms, 1)} ms, count ${fmt(count.ms, 1)} ms, daily stats ${fmt(daily.ms, 1)} ms (median of 5)`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  cleanup();
  clearTimeout(deadline);
}
