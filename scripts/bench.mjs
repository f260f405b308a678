#!/usr/bin/env node
// `pnpm bench`: the figures the issues ask for, measured, printed — never asserted by timed tests.
//   size: artgrad-consent.js raw, gzip -9, brotli 11
//   time to banner: script response end → banner painted, and navigation → banner (median of N)
//   CLS while the banner appears, INP of the confirm press at 4× CPU slowdown (web-vitals)
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.js';
import { startShop } from '../examples/shop/server.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const fmt = (n, d = 1) => Number(n).toFixed(d);

const file = new URL('../packages/embed/dist/artgrad-consent.js', import.meta.url);
const bytes = readFileSync(file);
const gz = gzipSync(bytes, { level: 9 }).length;
const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`artgrad-consent.js: ${bytes.length} B raw, ${gz} B gzip, ${br} B brotli`);

const vitals = readFileSync(new URL('../node_modules/web-vitals/dist/web-vitals.iife.js', import.meta.url), 'utf8');
// Runs before any page script: starts the web-vitals observers and a banner watcher.
const probe = `
  window.__bench = { cls: 0, inp: null, bannerAt: null };
  webVitals.onCLS((m) => (window.__bench.cls = m.value), { reportAllChanges: true });
  webVitals.onINP((m) => (window.__bench.inp = m.value), { reportAllChanges: true, durationThreshold: 0 });
  (function watch() {
    const box = document.querySelector('artgrad-consent:not([mode=inline])')?.shadowRoot?.querySelector('section.banner');
    if (box && box.getBoundingClientRect().height > 0) requestAnimationFrame(() => (window.__bench.bannerAt = performance.now()));
    else requestAnimationFrame(watch);
  })();
`;

const shop = await startShop({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const fromScript = [];
  const fromNav = [];
  const cls = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(`${vitals};${probe}`);
    await page.goto(shop.url);
    await page.waitForFunction(() => window.__bench.bannerAt !== null);
    const t = await page.evaluate(() => {
      const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/artgrad-consent.js'));
      return { bannerAt: window.__bench.bannerAt, scriptEnd: script.responseEnd, cls: window.__bench.cls };
    });
    fromScript.push(t.bannerAt - t.scriptEnd);
    fromNav.push(t.bannerAt);
    cls.push(t.cls);
    await context.close();
  }
  console.log(`time to banner: ${fmt(median(fromScript))} ms median (p95 ${fmt(p95(fromScript))}) from script loaded; ${fmt(median(fromNav))} ms from navigation start; ${RUNS} runs`);
  console.log(`CLS while the banner appears: max ${Math.max(...cls)} over ${RUNS} runs`);

  // INP of the confirm press, CPU slowed 4×.
  const inps = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(`${vitals};${probe}`);
    await page.goto(shop.url);
    await page.waitForFunction(() => window.__bench.bannerAt !== null);
    const cdp = await context.newCDPSession(page);
    const host = page.locator('artgrad-consent:not([mode=inline])');
    await host.getByRole('switch', { name: /жинау және өңдеу/ }).click();
    await host.getByRole('button', { name: 'Келісемін' }).click();
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    await page.waitForTimeout(800);
    await page.getByRole('checkbox', { name: /растаймын/ }).click();
    await page.evaluate(() => (window.__bench.inp = null));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.getByRole('button', { name: 'Растау' }).click();
    await page.waitForFunction(() => window.artgradConsent.get('processing'));
    await page.waitForTimeout(300);
    const inp = await page.evaluate(() => window.__bench.inp);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    if (inp !== null) inps.push(inp);
    await context.close();
  }
  console.log(`INP of the confirm press at 4x CPU slowdown: ${inps.length ? `${fmt(median(inps), 0)} ms median of ${inps.length}` : 'not reported'}`);
} finally {
  await browser.close();
  await shop.close();
}
