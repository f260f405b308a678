// Where the main thread's time goes on a first visit, by script and by function: a CDP
// `Profiler` run of the demo page at 4× CPU until the agree button is painted plus 2 s (what
// the parts add after it). `node scripts/dev/profile.mjs [runs=3]` prints self time, summed.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.js';
import { startShop } from '../../examples/shop/server.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const PAGE = `<!doctype html><html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ArtGrad</title>
<script src="/artgrad-consent.js" data-mode="development" data-db="profile" async></script></head><body><main><h1>ArtGrad</h1><p>Майлы бояулар, кенептер.</p></main></body></html>`;
const shop = await startShop({ port: 0, pages: { '/profile.html': { html: PAGE } } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const byScript = new Map();
const byFunction = new Map();
let agreeAt = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(`${shop.url}profile.html`);
    await page.waitForFunction(() => document.querySelector('artgrad-consent')?.shadowRoot?.querySelector('[part~="agree"]')?.getBoundingClientRect().height > 0);
    agreeAt += await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    await page.waitForTimeout(2_000);
    const { profile } = await cdp.send('Profiler.stop');
    // Self time per node: samples × their intervals.
    const dt = new Map();
    profile.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000));
    for (const node of profile.nodes) {
      const ms = dt.get(node.id) ?? 0;
      const { url, functionName, lineNumber, columnNumber } = node.callFrame;
      const script = url ? url.replace(shop.url, '/').replace(/-[0-9a-f]{10}\.js$/, '-<hash>.js') : `(${functionName || 'native'})`;
      byScript.set(script, (byScript.get(script) ?? 0) + ms);
      if (url) byFunction.set(`${script} ${functionName || '(top level)'}:${lineNumber}:${columnNumber}`, (byFunction.get(`${script} ${functionName || '(top level)'}:${lineNumber}:${columnNumber}`) ?? 0) + ms);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await shop.close();
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`main-thread self time, mean of ${RUNS} runs at 4× CPU (agree painted at ${(agreeAt / RUNS).toFixed(0)} ms):`);
for (const [name, ms] of top(byScript, 12)) console.log(`${(ms / RUNS).toFixed(1).padStart(8)} ms  ${name}`);
console.log('by function:');
for (const [name, ms] of top(byFunction, 15)) console.log(`${(ms / RUNS).toFixed(1).padStart(8)} ms  ${name}`);
