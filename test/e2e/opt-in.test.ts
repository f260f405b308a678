// The opt-in script-tag files (gating, Consent Mode) and Global Privacy Control, on served pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { banner, confirmStep, DISSEMINATION, launch, PROCESSING, serveShop, toConfirmStep, visit, type Shop } from './harness.js';
import { page as testPage } from './pages.js';

let shop: Shop;
let browser: Browser;
const NONCE = 'r4nd0mN0nce';
beforeAll(async () => {
  browser = await launch();
  shop = await serveShop({
    pages: {
      '/nonce.html': testPage(
        `<script src="/artgrad-consent.js" data-mode="development" async></script><script src="/artgrad-consent-gate.js" async></script>`,
        `<main><h1>t</h1><script type="text/plain" data-consent="dissemination" nonce="${NONCE}">window.__inlineRuns = (window.__inlineRuns || 0) + 1;</script></main>`,
        `script-src 'self' 'nonce-${NONCE}'; style-src 'self'`,
      ),
      '/consent-mode.html': testPage(
        `<script src="/artgrad-consent-mode-defaults.js" data-analytics-storage="processing"></script>
         <script src="/artgrad-consent.js" data-mode="development" async></script>
         <script src="/artgrad-consent-mode.js" data-analytics-storage="processing" async></script>`,
      ),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const runs = (page: Page) => page.evaluate(() => (window as any).artgradMarketingRuns ?? 0);

describe('script gating (artgrad-consent-gate.js)', () => {
  it('runs a gated script only once its purpose is granted, and not again after a withdrawal', async () => {
    const { page, context, errors } = await visit(browser, shop.url);
    await banner(page).waitFor();
    expect(await runs(page)).toBe(0);
    await confirmStep(page, await toConfirmStep(page, [PROCESSING]));
    await expect.poll(() => page.evaluate(() => window.artgradConsent!.get('processing'))).toBe(true);
    expect(await runs(page)).toBe(0); // processing is not dissemination
    await page.evaluate(() => window.artgradConsent!.open());
    const prefs = page.locator('artgrad-consent:not([mode="inline"]) dialog[open]');
    await prefs.getByRole('switch', { name: DISSEMINATION }).click();
    await prefs.getByRole('button', { name: 'Сақтау' }).click();
    const shownAt = await page.evaluate(() => performance.now());
    await confirmStep(page, shownAt);
    await expect.poll(() => runs(page)).toBe(1);
    await expect(page.locator('#marketing').textContent()).resolves.toContain('іске қосылды');
    await page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    await page.evaluate(() => window.artgradConsent!.withdraw()); // and everything else
    expect(await runs(page)).toBe(1);
    expect(errors).toEqual([]);
    await page.reload();
    await page.evaluate(() => window.artgradConsent?.ready());
    await page.waitForTimeout(200);
    expect(await runs(page)).toBe(0); // withdrawn: after the reload it does not run
    await context.close();
  });

  it('an activated inline script carries the original nonce and passes a nonce CSP', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}nonce.html`);
    await banner(page).waitFor();
    expect(await page.evaluate(() => (window as any).__inlineRuns ?? 0)).toBe(0);
    await confirmStep(page, await toConfirmStep(page, [DISSEMINATION]));
    await expect.poll(() => page.evaluate(() => (window as any).__inlineRuns ?? 0)).toBe(1);
    expect(errors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('Google Consent Mode v2 (opt-in files)', () => {
  it('sets every signal denied before any tag, then updates after each decision', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}consent-mode.html`);
    await banner(page).waitFor();
    const layer = () => page.evaluate(() => ((window as any).dataLayer as IArguments[]).map((a) => Array.from(a)));
    await expect.poll(layer).toContainEqual(['consent', 'update', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' }]);
    const first = (await layer())[0];
    expect(first).toEqual(['consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied', wait_for_update: 500 }]);
    await confirmStep(page, await toConfirmStep(page, [PROCESSING]));
    await expect.poll(async () => (await layer()).at(-1)).toEqual(['consent', 'update', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'granted' }]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('Global Privacy Control', () => {
  it('says why optional purposes are off, and ticks nothing', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    await page.goto(shop.url);
    await banner(page).waitFor();
    await expect(banner(page).textContent()).resolves.toContain('Global Privacy Control');
    expect(await banner(page).getByRole('switch').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([false, false]);
    await context.close();
  });

  it('without the signal, says nothing about it', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).waitFor();
    await expect(banner(page).textContent()).resolves.not.toContain('Global Privacy Control');
    await context.close();
  });
});
