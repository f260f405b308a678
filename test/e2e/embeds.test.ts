// Click-to-load embeds: <artgrad-embed> in place of a YouTube iframe. Nothing is requested from
// the provider before consent (request interception), the placeholder names the provider and
// the purpose and keeps the embed's size (CLS 0), its one button opens the step for exactly
// that purpose, the iframe comes once consent is recorded and goes when it is withdrawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, formatViolations } from './axe.js';
import { banner, bannerHost, launch, paintedAt, serveShop, visit, waitUntilPageTime, type Shop } from './harness.js';
import { page as testPage } from './pages.js';
// @ts-expect-error: plain ESM module without types
import { CSP } from '../../examples/shop/server.mjs';

let shop: Shop;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  shop = await serveShop({
    pages: {
      '/video.html': testPage(
        // The shop's stylesheet reserves <artgrad-embed>'s box before the script arrives.
        `<link rel="stylesheet" href="/shop.css"><script src="/artgrad-consent.js" data-mode="development" async></script>`,
        `<main><h1>Дүкен</h1><p>Бейне:</p>
          <artgrad-embed purpose="dissemination" src="https://www.youtube-nocookie.com/embed/abc123" title="Шеберхана туралы бейне" width="560" height="315"></artgrad-embed>
          <p id="after">Төменде</p></main>`,
        // The shop's strict CSP, with the provider allowed as a frame (as a site embedding it must).
        `${CSP}; frame-src https://www.youtube-nocookie.com`,
      ),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** Every request the page makes to the provider, answered here with a stub (never the network). */
async function watchProvider(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.context().route('**/*youtube*/**', (route) => {
    seen.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>video</title><p>video</p>' });
  });
  return seen;
}
const placeholder = (page: Page) => page.locator('artgrad-embed').locator('[role="group"]');
const frame = (page: Page) => page.locator('artgrad-embed').locator('iframe');

describe('click-to-load embeds', () => {
  it('shows a placeholder, requests nothing from the provider, grants through the step for that purpose only, and withdraws the iframe again', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank', { bypassCSP: true });
    const requests = await watchProvider(page);
    await page.addInitScript(() => {
      (window as any).__cls = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e: any) => !e.hadRecentInput && ((window as any).__cls += e.value))).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${shop.url}video.html`);
    await banner(page).waitFor();
    await expect(placeholder(page).getAttribute('aria-label')).resolves.toBe('YouTube: Шеберхана туралы бейне');
    await expect(placeholder(page).textContent()).resolves.toMatch(/YouTube мазмұнын көрсету үшін «Дербес деректерді жалпыға қолжетімді көздерде тарату» мақсатына келісіміңіз қажет/);
    const box = (await page.locator('artgrad-embed').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([560, 315]);
    const { violations } = await axeViolations(page);
    expect(violations, formatViolations('placeholder', violations)).toEqual([]);
    expect(requests).toEqual([]);

    // Refusing on the banner changes nothing for the embed; its button asks for exactly its purpose.
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await placeholder(page).getByRole('button', { name: 'Келісім беріп, YouTube ашу' }).focus();
    await page.keyboard.press('Enter');
    const step = bannerHost(page).locator('dialog[open]');
    await step.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    // Granted: that purpose alone; the rest as it stands (processing, refused on the banner).
    const [granted, notGranted] = await step.getByRole('list').allTextContents();
    expect(granted).toMatch(/жалпыға қолжетімді көздерде тарату/);
    expect(granted).not.toMatch(/жинау және өңдеу/);
    expect(notGranted).toMatch(/жинау және өңдеу/);
    expect(requests).toEqual([]);
    const shownAt = await paintedAt(page);
    await waitUntilPageTime(page, shownAt, 700);
    await step.getByRole('checkbox').click();
    await step.getByRole('button', { name: 'Растау' }).click();
    await frame(page).waitFor();
    await expect(frame(page).getAttribute('src')).resolves.toBe('https://www.youtube-nocookie.com/embed/abc123');
    await expect(frame(page).getAttribute('title')).resolves.toBe('Шеберхана туралы бейне');
    await expect.poll(() => requests.length).toBe(1);
    const after = (await page.locator('artgrad-embed').boundingBox())!;
    expect([Math.round(after.width), Math.round(after.height)]).toEqual([560, 315]);
    expect(await page.evaluate(() => (window as any).__cls)).toBe(0);

    await page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    await placeholder(page).waitFor();
    expect(await frame(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('under the strict CSP: with consent already given, the iframe is there on the next page at once; a page without embeds never fetches their part', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank');
    const requests = await watchProvider(page);
    const parts: string[] = [];
    page.on('request', (r) => /artgrad-embeds-/.test(r.url()) && parts.push(r.url()));
    await page.goto(shop.url);
    await banner(page).waitFor();
    await page.waitForTimeout(500);
    expect(parts).toEqual([]);
    await page.goto(`${shop.url}video.html`);
    await placeholder(page).getByRole('button').click();
    const step = bannerHost(page).locator('dialog[open]');
    await step.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    await waitUntilPageTime(page, await paintedAt(page), 700);
    await step.getByRole('checkbox').click();
    await step.getByRole('button', { name: 'Растау' }).click();
    await frame(page).waitFor();
    expect(parts).toHaveLength(1);
    // Reloaded: granted from the decision hint, so the iframe is made without a placeholder first.
    await page.addInitScript(() => {
      (window as any).__placeholders = 0;
      new MutationObserver(() => document.querySelector('artgrad-embed')?.shadowRoot?.querySelector('[role="group"]') && (window as any).__placeholders++).observe(document, { subtree: true, childList: true });
    });
    await page.reload();
    await frame(page).waitFor();
    expect(await page.evaluate(() => (window as any).__placeholders)).toBe(0);
    await expect.poll(() => requests.length).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
