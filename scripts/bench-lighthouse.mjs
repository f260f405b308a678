#!/usr/bin/env node
// Lighthouse (npm `lighthouse`, pinned; its default mobile preset: a mid-range phone, simulated
// slow 4G and 4× CPU) on the demo shop and the marketer console, served as `npm start` serves
// them (compressed, strict CSP, the receiver behind /api), in Debian's Chromium. Prints the four
// category scores per page and the performance figures behind them. Part of `pnpm bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { startReceiver } from '@artgrad/receiver';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.js';
import { startShop } from '../examples/shop/server.mjs';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const PORT = 9300 + Math.floor(Math.random() * 500);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dataDir = mkdtempSync(join(tmpdir(), 'artgrad-lighthouse-'));
const receiver = await startReceiver({ development: true, dataDir, port: 0, trustProxy: true, logger: { info() {}, error() {} } });
const shop = await startShop({ port: 0, receiverUrl: receiver.url, consoleDir: fileURLToPath(new URL('../examples/console/dist/', import.meta.url)) });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--remote-debugging-port=${PORT}`] });

const PAGES = { 'demo shop': shop.url, 'marketer console': `${shop.url}console/` };
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const AUDITS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
const results = {};
try {
  for (const [name, url] of Object.entries(PAGES)) {
    results[name] = [];
    for (let i = 0; i < RUNS; i++) {
      // Each run in a fresh profile state: a first visit, with no decision and no cache.
      const { lhr } = await lighthouse(url, { port: PORT, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, disableStorageReset: false });
      results[name].push(lhr);
    }
  }
} finally {
  await browser.close();
  await shop.close();
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`\nLighthouse ${results['demo shop'][0].lighthouseVersion}, mobile preset (simulated throttling), ${RUNS} runs per page, medians`);
console.log(`| page | ${CATEGORIES.join(' | ')} | ${AUDITS.join(' | ')} |`);
console.log(`|---|${CATEGORIES.map(() => '---|').join('')}${AUDITS.map(() => '---|').join('')}`);
for (const [name, runs] of Object.entries(results)) {
  const scores = CATEGORIES.map((c) => median(runs.map((r) => Math.round((r.categories[c]?.score ?? 0) * 100))));
  const audits = AUDITS.map((a) => runs[0].audits[a] && median(runs.map((r) => r.audits[a].numericValue)));
  const fmt = (v, a) => (v === undefined ? '–' : a === 'cumulative-layout-shift' ? v.toFixed(3) : `${Math.round(v)} ms`);
  console.log(`| ${name} | ${scores.join(' | ')} | ${audits.map((v, i) => fmt(v, AUDITS[i])).join(' | ')} |`);
  // What keeps a category below 100: the failing audits of the last run, named.
  const last = runs.at(-1);
  for (const c of CATEGORIES) {
    const failing = last.categories[c].auditRefs.filter((ref) => ref.weight > 0 && (last.audits[ref.id].score ?? 1) < 0.9).map((ref) => `${ref.id} (${last.audits[ref.id].displayValue ?? last.audits[ref.id].score})`);
    if (failing.length) console.log(`  ${name}, ${c}: ${failing.join(', ')}`);
  }
}
