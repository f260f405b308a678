// A full disk: the decision fails with a clear error and is not lost without a word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { banner, launch, records, serveShop, visit, type Shop } from './harness.js';
import { page as testPage } from './pages.js';

let shop: Shop;
let browser: Browser;
beforeAll(async () => {
  // No endpoint: nothing (like the cached /config) is written before the decision, so the
  // decision is the first write that meets the full quota.
  [shop, browser] = await Promise.all([serveShop({ pages: { '/local.html': testPage('<script src="/artgrad-consent.js" data-mode="development" async></script>') } }), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe('storage quota exhausted', () => {
  it('shows the error, raises STORAGE_QUOTA, keeps the banner, and records once space is back', async () => {
    const { page, context } = await visit(browser, `${shop.url}local.html`);
    await banner(page).waitFor();
    // The SDK's engine is there (a refusal pressed before it arrives is held in the hint instead).
    await page.evaluate(() => window.artgradConsent!.ready());
    const cdp = await context.newCDPSession(page);
    const origin = new URL(shop.url).origin;
    await page.evaluate(() => {
      (window as any).__errors = [];
      window.artgradConsent!.on('error', (e) => (window as any).__errors.push(`${e.code} ${e.message}`));
    });
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await expect.poll(() => page.evaluate(() => (window as any).__errors.join('\n'))).toContain('STORAGE_QUOTA');
    await expect(banner(page).getByRole('status').textContent()).resolves.toMatch(/Шешім сақталмады/);
    await expect(banner(page).isVisible()).resolves.toBe(true);
    expect(await records(page)).toEqual([]);
    expect(await page.evaluate(() => window.artgradConsent!.getAll())).toEqual({});

    await cdp.send('Storage.overrideQuotaForOrigin', { origin }); // quota back to normal
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await expect.poll(() => records(page).then((r) => r.map((x) => x.event))).toEqual(['refused']);
    await context.close();
  });
});
