// The script tag's parts, fetched after the banner paints, fail in every way a network or a CSP
// can make them fail: the banner still works, a refusal is kept and signed once, Agree says why
// it cannot go on and tries again, and the console names the part's URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { banner, launch, records, serveShop, visit, PROCESSING, type Shop } from './harness.js';
import { page as testPage } from './pages.js';

const parts = JSON.parse(readFileSync(new URL('../../packages/embed/dist/chunks.json', import.meta.url), 'utf8')) as Record<'engine' | 'document' | 'later', string>;
const TAG = '<script src="/artgrad-consent.js" data-mode="development" data-chunk-timeout="1500" async></script>';

let shop: Shop;
let other: Shop;
let browser: Browser;
beforeAll(async () => {
  other = await serveShop({ receiver: false });
  const otherOrigin = new URL(other.url).origin;
  [shop, browser] = await Promise.all([
    serveShop({
      receiver: false,
      pages: {
        '/p.html': testPage(TAG),
        '/rq.html': testPage(TAG.replace('async>', 'data-endpoint="/api" async>')),
        // The CSP allows the script's file and nothing else of its origin: its parts are blocked.
        '/csp.html': testPage(`<script src="${otherOrigin}/artgrad-consent.js" data-mode="development" async></script>`, undefined, `script-src 'self' ${otherOrigin}/artgrad-consent.js; style-src 'self'`),
      },
    }),
    launch(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([shop?.close(), other?.close()]);
});

const hint = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('artgrad-consent:artgrad-consent') ?? 'null'));
const refuse = (page: Page) => banner(page).getByRole('button', { name: 'Бас тартамын' }).click();

describe('a part that does not arrive', () => {
  it('engine 404: a refusal closes the banner, is held in the hint, and is signed once on the next page that has the engine', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank');
    await context.route(`**/${parts.engine}*`, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${shop.url}p.html`);
    await banner(page).waitFor();
    await refuse(page);
    await banner(page).waitFor({ state: 'detached' });
    const held = await hint(page);
    expect(held.decisions).toEqual({ processing: false, dissemination: false });
    expect(held.held.decisions).toEqual({ processing: false, dissemination: false });
    // Nothing is granted meanwhile, and the page's state says so at once.
    expect(await page.evaluate(() => window.artgradConsent!.getAll())).toEqual({ processing: false, dissemination: false });
    await expect.poll(() => errors.join('\n')).toContain(`could not load ${shop.url}${parts.engine}`);

    // The next page: the engine is there; no banner, and the refusal is signed, once.
    await context.unroute(`**/${parts.engine}*`);
    await page.reload();
    await page.evaluate(() => window.artgradConsent!.ready());
    await expect.poll(() => records(page).then((r) => r.map((x) => x.event))).toEqual(['refused']);
    const [record] = await records(page);
    expect(record!.decisions).toEqual({ processing: false, dissemination: false });
    expect(Date.parse(record!.confirmation.pressedAt)).toBeLessThanOrEqual(record!.time);
    expect((await hint(page)).held).toBeUndefined();
    expect(await banner(page).count()).toBe(0);
    await page.reload();
    await page.evaluate(() => window.artgradConsent!.ready());
    expect((await records(page)).length).toBe(1);
    await context.close();
  });

  it('engine late: a refusal pressed before it arrives is signed when it does, in the same page, once', async () => {
    const { page, context } = await visit(browser, 'about:blank');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await context.route(`**/${parts.engine}`, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${shop.url}p.html`);
    await banner(page).waitFor();
    await refuse(page);
    await banner(page).waitFor({ state: 'detached' });
    release();
    await page.evaluate(() => window.artgradConsent!.ready());
    await expect.poll(() => records(page).then((r) => r.map((x) => x.event)), { timeout: 15_000 }).toEqual(['refused']);
    await expect.poll(() => hint(page).then((h) => h.held)).toBeUndefined();
    await context.close();
  });

  it('the text or the screens 404: Agree says so in the active language, names the URL in the console, and tries again by itself', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank');
    await context.route(`**/${parts.document}*`, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${shop.url}p.html`);
    await banner(page).waitFor();
    await banner(page).getByRole('switch', { name: PROCESSING }).click();
    await banner(page).getByRole('button', { name: 'Келісемін' }).click();
    await expect.poll(() => banner(page).getByRole('status').textContent()).toMatch(/келісім нысанын жүктей алмады/);
    expect(errors.join('\n')).toContain(`could not load ${shop.url}${parts.document}`);
    expect(await page.getByRole('heading', { name: 'Келісімді растау' }).count()).toBe(0);
    // Back: the element's own retry (3 s later) opens the step the shopper asked for.
    await context.unroute(`**/${parts.document}*`);
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor({ timeout: 10_000 });
    await context.close();
  });

  it('Escape while the full text is still being fetched: it does not open when it arrives', async () => {
    const { page, context } = await visit(browser, 'about:blank');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await context.route(`**/${parts.document}*`, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${shop.url}p.html`);
    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    await expect.poll(() => banner(page).getByRole('status').textContent()).toMatch(/жүктелуде/);
    await page.keyboard.press('Escape');
    await expect.poll(() => banner(page).getByRole('status').textContent()).toBe('');
    release();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await page.locator('artgrad-consent dialog.text[open]').count()).toBe(0);
    // Asked again, it opens: the text did arrive.
    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    await page.locator('artgrad-consent dialog.text[open]').waitFor();
    await context.close();
  });

  it('api.request() while the screens are still on their way: Escape settles its promise (CANCELLED), it never waits for good', async () => {
    const { page, context } = await visit(browser, 'about:blank');
    await context.route(`**/${parts.later}*`, () => undefined); // held until the test ends
    await page.goto(`${shop.url}rq.html`);
    await banner(page).waitFor();
    await page.evaluate(() => {
      (window as any).__asked = window.artgradConsent!.request('access').then(
        () => 'filed',
        (error: { code?: string }) => error.code,
      );
    });
    await expect.poll(() => banner(page).getByRole('status').textContent()).toMatch(/жүктелуде/);
    // The shopper, in the banner, presses Escape.
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).focus();
    await page.keyboard.press('Escape');
    const outcome = await page.evaluate(() => Promise.race([(window as any).__asked, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3_000))]));
    expect(outcome).toBe('CANCELLED');
    await context.close();
  });

  it('a part that never answers times out (data-chunk-timeout), and the console says so', async () => {
    const { page, context, errors } = await visit(browser, 'about:blank');
    await context.route(`**/${parts.later}*`, () => undefined); // never answered
    await page.goto(`${shop.url}p.html`);
    await banner(page).waitFor();
    await banner(page).getByRole('switch', { name: PROCESSING }).click();
    await banner(page).getByRole('button', { name: 'Келісемін' }).click();
    await expect.poll(() => errors.join('\n'), { timeout: 10_000 }).toContain(`could not load ${shop.url}${parts.later}: no answer in 1500 ms`);
    // The error above may be the idle prefetch's; the press's own wait times out 1.5 s after it
    // began, later still on a loaded machine (a fresh-clone run saw 5 s pass): the same 10 s.
    await expect.poll(() => banner(page).getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/келісім нысанын жүктей алмады/);
    // Refusing still works, and is signed: the engine did arrive.
    await refuse(page);
    await expect.poll(() => records(page).then((r) => r.map((x) => x.event))).toEqual(['refused']);
    await context.close();
  });

  it('a CSP that blocks the parts: the banner paints, a refusal is kept, and the console names the blocked URL', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}csp.html`);
    await banner(page).waitFor();
    await refuse(page);
    await banner(page).waitFor({ state: 'detached' });
    expect((await hint(page)).held.decisions).toEqual({ processing: false, dissemination: false });
    await expect.poll(() => errors.join('\n')).toContain(`could not load ${other.url}${parts.engine}`);
    await context.close();
  });
});
