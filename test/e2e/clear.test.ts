// A withdrawal that clears (vanilla-cookieconsent's autoClear): the site declares what belongs to
// a purpose with data-clear-*, a gated script sets it, and refusing or withdrawing the purpose
// deletes exactly that, tells the page through `change`, and a reload runs the script no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { banner, confirmStep, DISSEMINATION, launch, serveShop, toConfirmStep, visit, type Shop } from './harness.js';
import { page as testPage } from './pages.js';

const NONCE = 'c1earN0nce';
let shop: Shop;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  shop = await serveShop({
    pages: {
      '/vendor.html': testPage(
        `<script src="/artgrad-consent.js" data-mode="development" data-clear-dissemination="cookie:_vk cookie:_vk_* local:vk_* session:vk_s" async></script>
         <script src="/artgrad-consent-gate.js" async></script>`,
        `<main><h1>t</h1><script type="text/plain" data-consent="dissemination" nonce="${NONCE}">
          document.cookie = '_vk=1; path=/'; document.cookie = '_vk_id=2; path=/'; document.cookie = 'keep=1; path=/';
          localStorage.setItem('vk_a', '1'); localStorage.setItem('keep_me', '1'); sessionStorage.setItem('vk_s', '1'); sessionStorage.setItem('keep_s', '1');
          window.__vkRuns = (window.__vkRuns || 0) + 1;
        </script></main>`,
        `script-src 'self' 'nonce-${NONCE}'; style-src 'self'`,
      ),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const storage = (page: Page) =>
  page.evaluate(() => ({
    cookies: document.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter(Boolean).sort(),
    local: Object.keys(localStorage).filter((k) => !k.startsWith('artgrad-consent')).sort(),
    session: Object.keys(sessionStorage).sort(),
    runs: (window as unknown as { __vkRuns?: number }).__vkRuns ?? 0,
  }));

describe('a withdrawal that clears', () => {
  it('deletes exactly the declared cookies and storage keys of the purpose, says so on `change`, and the script stays off after a reload', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}vendor.html`);
    await banner(page).waitFor();
    await confirmStep(page, await toConfirmStep(page, [DISSEMINATION]));
    await expect.poll(async () => (await storage(page)).runs).toBe(1);
    expect(await storage(page)).toEqual({ cookies: ['_vk', '_vk_id', 'keep'], local: ['keep_me', 'vk_a'], session: ['keep_s', 'vk_s'], runs: 1 });
    await page.evaluate(() => {
      (window as any).__changes = [];
      window.artgradConsent!.on('change', (c) => (window as any).__changes.push(c.cleared ?? null));
    });
    await page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    expect(await storage(page)).toEqual({ cookies: ['keep'], local: ['keep_me'], session: ['keep_s'], runs: 1 });
    expect(await page.evaluate(() => (window as any).__changes)).toEqual([
      { purposes: ['dissemination'], cookies: ['_vk', '_vk_id'], localStorage: ['vk_a'], sessionStorage: ['vk_s'], reloadAdvised: true },
    ]);
    await page.reload();
    await page.evaluate(() => window.artgradConsent?.ready());
    await page.waitForTimeout(300);
    expect(await storage(page)).toEqual({ cookies: ['keep'], local: ['keep_me'], session: ['keep_s'], runs: 0 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a withdrawal in another tab clears that tab’s own sessionStorage too', async () => {
    const { page, context } = await visit(browser, `${shop.url}vendor.html`);
    await banner(page).waitFor();
    await confirmStep(page, await toConfirmStep(page, [DISSEMINATION]));
    await expect.poll(async () => (await storage(page)).runs).toBe(1);
    const other = await context.newPage();
    await other.goto(`${shop.url}vendor.html`);
    await expect.poll(async () => (await storage(other)).runs).toBe(1);
    await other.evaluate(() => window.artgradConsent!.ready());
    await page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    await expect.poll(async () => (await storage(other)).session).toEqual(['keep_s']);
    expect((await storage(other)).cookies).toEqual(['keep']);
    await context.close();
  });
});
