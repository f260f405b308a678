// Click-to-load embeds: <artgrad-embed> in place of a YouTube iframe. Nothing is requested from
// the provider before consent (request interception), the placeholder names the provider and
// the purpose and keeps the embed's size (CLS 0), its one button opens the step for exactly
// that purpose, the iframe comes once consent is recorded and goes when it is withdrawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, formatViolations } from './axe.js';
import { banner, bannerHost, confirmStep, launch, paintedAt, serveShop, visit, type Shop } from './harness.js';
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
      // A maps API that draws into a container: a gated script, loaded on the placeholder's
      // click. No gate file on this page: the element gates its purpose's scripts itself.
      '/map.html': testPage(
        `<link rel="stylesheet" href="/shop.css"><link rel="stylesheet" href="/map.css"><script src="/artgrad-consent.js" data-mode="development" async></script>
         <script type="text/plain" data-consent="dissemination" src="https://mapgl.2gis.com/api/js/v1"></script>`,
        `<main><h1>Дүкен</h1>
          <artgrad-embed purpose="dissemination" title="Дүкен картада" width="600" height="400"><div id="map"></div></artgrad-embed>
          <p id="after">Төменде</p></main>`,
        CSP.replace("script-src 'self'", "script-src 'self' https://mapgl.2gis.com"),
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
/** The maps API, answered here: it counts its loads and draws into its container. */
async function watchMaps(page: Page): Promise<string[]> {
  const seen: string[] = [];
  // The page's own rule for the map's box, as the README asks of a site (CLS 0 before the part).
  await page.context().route('**/map.css', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: 'artgrad-embed { width: 600px; aspect-ratio: 3 / 2; }' }));
  await page.context().route('https://mapgl.2gis.com/**', (route) => {
    seen.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: "window.__mapLoads = (window.__mapLoads || 0) + 1; document.getElementById('map').textContent = '2GIS картасы';" });
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
    await confirmStep(page, shownAt);
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
    await confirmStep(page, await paintedAt(page));
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

  it('stands in for gated scripts: nothing is fetched before consent, its button grants that purpose, the script runs once and draws into the kept box; the next page runs it at once; a withdrawal brings the placeholder back and a reload runs nothing', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank', { bypassCSP: true });
    const requests = await watchMaps(page);
    await page.addInitScript(() => {
      (window as any).__cls = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e: any) => !e.hadRecentInput && ((window as any).__cls += e.value))).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${shop.url}map.html`);
    await banner(page).waitFor();
    // The provider is named from the gated script's host; the container stays unshown.
    await expect(placeholder(page).getAttribute('aria-label')).resolves.toBe('2GIS: Дүкен картада');
    await expect(placeholder(page).getByRole('button').textContent()).resolves.toBe('Келісім беріп, 2GIS ашу');
    expect(await page.locator('#map').isVisible()).toBe(false);
    const box = (await page.locator('artgrad-embed').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([600, 400]);
    const { violations } = await axeViolations(page);
    expect(violations, formatViolations('script placeholder', violations)).toEqual([]);
    expect(requests).toEqual([]);

    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await placeholder(page).getByRole('button').focus();
    await page.keyboard.press('Enter');
    const step = bannerHost(page).locator('dialog[open]');
    await step.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    expect(requests).toEqual([]);
    await confirmStep(page, await paintedAt(page));
    await expect.poll(() => page.locator('#map').textContent()).toBe('2GIS картасы');
    expect(await page.locator('#map').isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as any).__mapLoads)).toBe(1);
    expect(requests).toEqual(['https://mapgl.2gis.com/api/js/v1']);
    const after = (await page.locator('artgrad-embed').boundingBox())!;
    expect([Math.round(after.width), Math.round(after.height)]).toEqual([600, 400]);
    expect(await page.evaluate(() => (window as any).__cls)).toBe(0);

    // Next page: granted, so the script runs at once, once, and the box never showed a placeholder.
    await page.reload();
    await expect.poll(() => page.locator('#map').textContent()).toBe('2GIS картасы');
    expect(await page.evaluate(() => (window as any).__mapLoads)).toBe(1);
    expect(await placeholder(page).count()).toBe(0);
    expect(requests).toHaveLength(2);

    await page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    await placeholder(page).waitFor();
    expect(await page.locator('#map').isVisible()).toBe(false);
    await page.reload();
    await placeholder(page).waitFor();
    await page.waitForTimeout(500);
    expect(requests).toHaveLength(2);
    expect(await page.evaluate(() => (window as any).__mapLoads)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });
});
