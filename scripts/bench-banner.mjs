#!/usr/bin/env node
// `node scripts/bench-banner.mjs` (after `pnpm build`; part of `pnpm bench`): the shopper's
// first paint, side by side with vanilla-cookieconsent 3.1.0 (a pinned dev dependency) in one
// Chromium, on the same page, the same phone profile and the same network:
//   390×844, CPU slowed 4×, 150 ms round trip, 1.6 Mbps down, 750 kbps up, brotli-served.
// Runs alternate between the two (BENCH_BANNER_RUNS each, default 9) and medians are printed:
//   - time from navigation to the agree button painted (the first frame after it has a box);
//   - bytes on the wire before that moment, and in total (Resource Timing transferSize);
//   - script time and task time (CDP Performance.getMetrics), long tasks, total blocking time
//     (long tasks' time over 50 ms, from first contentful paint), CLS, and whether the banner
//     is the largest contentful paint;
//   - for a returning shopper (decided, then reload): until the SDK's ready() resolves (and
//     cookieconsent's onConsent) and until a script gated on the granted purpose runs.
// Figures only; nothing is asserted. Both banners ask for two purposes, neither pre-ticked.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.js';

const RUNS = Number(process.env.BENCH_BANNER_RUNS ?? 9);
const read = (path) => readFileSync(new URL(path, import.meta.url));
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

// The page both banners sit on: a heading and some text (the content a shopper came for), one
// stylesheet, one gated script.
const page = (head, body) => `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ArtGrad</title><link rel="stylesheet" href="/page.css">${head}</head>
<body><header><h1>ArtGrad — сурет салуға арналған бәрі</h1></header>
<main><p class="hero">Майлы бояулар, кенептер, қылқаламдар және мүсін материалдары: Алматыдан бүкіл Қазақстанға жеткізу.</p>
<p>Тапсырысты бүгін беріңіз, ертең алыңыз. Жаңа коллекция, жеңілдіктер және шеберлік сабақтары.</p>${body}</main></body></html>`;
const PAGE_CSS = 'body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#222}header,main{padding:16px}h1{font-size:28px;margin:0}.hero{font-size:22px}';
const GATED = 'window.__gatedAt = performance.now();';

const ARTGRAD = page(
  '<script src="/artgrad-consent.js" data-mode="development" data-lang="kk" data-db="bench" async></script><script src="/artgrad-consent-gate.js" async></script>',
  '<script type="text/plain" data-consent="processing" src="/gated.js"></script>',
);
// cookieconsent's own recommended setup: its stylesheet, the UMD file and a config script, two
// categories (the first always on, as "processing" is needed for an order; the second optional).
const COOKIECONSENT = page(
  '<link rel="stylesheet" href="/cookieconsent.css"><script src="/cookieconsent.umd.js" defer></script><script src="/cc-init.js" defer></script>',
  '<script type="text/plain" data-category="analytics" src="/gated.js"></script>',
);
// hideFromBots off: by default it shows nothing to an automated browser (navigator.webdriver).
const CC_INIT = `CookieConsent.run({
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  onConsent: () => { window.__readyAt ??= performance.now(); },
  language: { default: 'kk', translations: { kk: {
    consentModal: { title: 'Дербес деректерді өңдеуге келісім', description: 'Әр мақсатқа жеке келісім сұраймыз.', acceptAllBtn: 'Келісемін', acceptNecessaryBtn: 'Бас тартамын', showPreferencesBtn: 'Баптаулар' },
    preferencesModal: { title: 'Баптаулар', acceptAllBtn: 'Келісемін', acceptNecessaryBtn: 'Бас тартамын', savePreferencesBtn: 'Сақтау',
      sections: [{ title: 'Жинау және өңдеу', description: 'Тапсырыс үшін қажет.', linkedCategory: 'necessary' }, { title: 'Тарату', description: 'Міндетті емес.', linkedCategory: 'analytics' }] },
  } } },
});`;

const files = {
  '/artgrad.html': ['text/html', ARTGRAD],
  '/cookieconsent.html': ['text/html', COOKIECONSENT],
  '/page.css': ['text/css', PAGE_CSS],
  '/gated.js': ['text/javascript', GATED],
  '/cc-init.js': ['text/javascript', CC_INIT],
  '/artgrad-consent.js': ['text/javascript', read('../packages/embed/dist/artgrad-consent.js')],
  '/artgrad-consent-gate.js': ['text/javascript', read('../packages/embed/dist/artgrad-consent-gate.js')],
  // The parts the main file fetches from beside itself after the banner paints.
  ...Object.fromEntries(Object.values(JSON.parse(read('../packages/embed/dist/chunks.json'))).map((f) => [`/${f}`, ['text/javascript', read(`../packages/embed/dist/${f}`)]])),
  '/cookieconsent.umd.js': ['text/javascript', read('../node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js')],
  '/cookieconsent.css': ['text/css', read('../node_modules/vanilla-cookieconsent/dist/cookieconsent.css')],
};
// Served as a real deployment would: brotli, compressed once at the highest quality.
const served = new Map(
  Object.entries(files).map(([path, [type, body]]) => [path, { type, body: brotliCompressSync(Buffer.from(body), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) }]),
);
const server = createServer((req, res) => {
  const file = served.get(new URL(req.url, 'http://x').pathname);
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'content-encoding': 'br', 'cache-control': 'no-store' });
  res.end(file.body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// Runs before any page script: long tasks, CLS, LCP, and a watcher for the agree button's first painted frame.
const PROBE = (selector) => `
  window.__b = { agreeAt: null, longTasks: [], cls: 0, lcp: null, fcp: null };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__b.longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__b.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
  // On these pages only our banner is in a shadow root (whose elements LCP may not expose).
  new PerformanceObserver((l) => {
    const el = l.getEntries().at(-1).element;
    window.__b.lcp = !el || el.getRootNode() instanceof ShadowRoot ? 'the banner (shadow root)' : el.closest('#cc-main') ? 'the banner' : el.localName + (el.className ? '.' + el.className : '');
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.__b.fcp = e.startTime; }).observe({ type: 'paint', buffered: true });
  (function watch() {
    const find = ${selector};
    const button = find();
    if (button && button.getBoundingClientRect().height > 0) requestAnimationFrame(() => (window.__b.agreeAt = performance.now()));
    else requestAnimationFrame(watch);
  })();
`;
const SUBJECTS = {
  'artgrad-consent': {
    path: '/artgrad.html',
    probe: PROBE(`() => document.querySelector('artgrad-consent')?.shadowRoot?.querySelector('[part~="agree"]')`),
    // The SDK's own answer for a returning shopper.
    ready: `document.addEventListener('artgrad-consent:ready', (e) => e.detail.ready().then(() => (window.__readyAt = performance.now())), { once: true });`,
    async decide(page) {
      const host = page.locator('artgrad-consent');
      await host.getByRole('switch', { name: /жинау және өңдеу/ }).click();
      await host.getByRole('button', { name: 'Келісемін' }).click();
      await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
      await page.waitForTimeout(700);
      await page.getByRole('checkbox', { name: /растаймын/ }).click();
      await page.getByRole('button', { name: 'Растау' }).click();
      await page.waitForFunction(() => window.artgradConsent.get('processing'));
    },
  },
  'vanilla-cookieconsent 3.1.0': {
    path: '/cookieconsent.html',
    probe: PROBE(`() => document.querySelector('#cc-main [data-role="all"]')`),
    ready: '',
    async decide(page) {
      await page.locator('#cc-main [data-role="all"]').first().click();
      await page.waitForFunction(() => window.CookieConsent.acceptedCategory('analytics'));
    },
  },
};

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function throttled(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  return cdp;
}

/** One visit: navigation to the agree button painted, then the page left to settle. */
async function firstVisit(subject) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.addInitScript(subject.probe);
  const cdp = await throttled(context, page);
  await page.goto(`${origin}${subject.path}`);
  await page.waitForFunction(() => window.__b.agreeAt !== null, null, { timeout: 60_000 }).catch((error) => {
    throw new Error(`${subject.path}: no agree button painted in 60 s${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`, { cause: error });
  });
  await page.waitForTimeout(2_000); // what loads after the banner (idle work, chunks) is counted in the totals
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m = await page.evaluate(() => {
    const b = window.__b;
    const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
    const bytes = (until) => entries.filter((e) => e.responseEnd <= until).reduce((sum, e) => sum + e.transferSize, 0);
    const fromFcp = b.longTasks.filter((t) => b.fcp !== null && t.start >= b.fcp);
    return {
      agreeAt: b.agreeAt,
      bytesBefore: bytes(b.agreeAt),
      bytesTotal: bytes(Infinity),
      longTasks: b.longTasks.length,
      longestTask: Math.max(0, ...b.longTasks.map((t) => t.duration)),
      tbt: fromFcp.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      cls: b.cls,
      lcp: b.lcp,
    };
  });
  await context.close();
  return { ...m, scriptMs: metrics.ScriptDuration * 1000, taskMs: metrics.TaskDuration * 1000 };
}

/** A returning shopper: decided (unthrottled), then the page reloaded with the phone profile. */
async function returning(subject) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(`${subject.probe};${subject.ready}`);
  await page.goto(`${origin}${subject.path}`);
  await page.waitForFunction(() => window.__b.agreeAt !== null);
  await subject.decide(page);
  await page.waitForTimeout(300);
  await throttled(context, page);
  await page.reload();
  await page.waitForFunction(() => window.__gatedAt !== undefined && window.__readyAt !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => ({ ready: window.__readyAt, gated: window.__gatedAt, banner: window.__b.agreeAt }));
  await context.close();
  return r;
}

const results = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, { first: [], back: [] }]));
try {
  for (let i = 0; i < RUNS; i++) {
    // Alternating, so that the machine's drift falls on both alike.
    const order = i % 2 ? Object.keys(SUBJECTS).reverse() : Object.keys(SUBJECTS);
    for (const name of order) results[name].first.push(await firstVisit(SUBJECTS[name]));
    for (const name of order) results[name].back.push(await returning(SUBJECTS[name]));
  }
} finally {
  await browser.close();
  server.close();
}

const [ours, theirs] = Object.keys(SUBJECTS);
const pick = (name, key, from = 'first') => median(results[name][from].map((r) => r[key]));
const rows = [
  ['navigation → agree button painted (ms)', 'agreeAt'],
  ['bytes on the wire before it (B)', 'bytesBefore'],
  ['bytes on the wire in all (B)', 'bytesTotal'],
  ['script time (ms, CDP ScriptDuration)', 'scriptMs'],
  ['task time (ms, CDP TaskDuration)', 'taskMs'],
  ['total blocking time (ms)', 'tbt'],
  ['long tasks', 'longTasks'],
  ['longest task (ms)', 'longestTask'],
  ['CLS (max)', 'cls'],
];
const fmt = (v) => (v === null ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: v < 10 ? 3 : 0 }));
console.log(`\nbanner side by side: ${RUNS} runs each, alternating; 390×844, 4× CPU, 150 ms RTT, 1.6 Mbps; brotli; medians`);
console.log(`| | ${theirs} | ${ours} | ratio (ours / theirs) |`);
console.log('|---|---|---|---|');
for (const [label, key] of rows) {
  const a = key === 'cls' ? Math.max(...results[theirs].first.map((r) => r.cls)) : pick(theirs, key);
  const b = key === 'cls' ? Math.max(...results[ours].first.map((r) => r.cls)) : pick(ours, key);
  console.log(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${a ? `${(b / a).toFixed(2)}×` : '–'} |`);
}
const lcpOf = (name) => [...new Set(results[name].first.map((r) => r.lcp))].join(', ');
console.log(`| largest contentful paint element | ${lcpOf(theirs)} | ${lcpOf(ours)} | |`);
for (const [label, key] of [
  ['returning shopper: until ready() / onConsent (ms)', 'ready'],
  ['returning shopper: until the gated script runs (ms)', 'gated'],
]) {
  const a = pick(theirs, key, 'back');
  const b = pick(ours, key, 'back');
  console.log(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${a ? `${(b / a).toFixed(2)}×` : '–'} |`);
}
