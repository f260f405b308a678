import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { banner, bannerHost, confirmStep, DISSEMINATION, launch, PROCESSING, records, serveShop, toConfirmStep, visit, type Shop } from './harness.js';
import { page as testPage } from './pages.js';

let shop: Shop;
let other: Shop;
let browser: Browser;

beforeAll(async () => {
  [other, browser] = await Promise.all([serveShop(), launch()]);
  const otherOrigin = new URL(other.url).origin;
  shop = await serveShop({
    pages: {
      '/twice.html': testPage('<script src="/artgrad-consent.js" data-mode="development" async></script><script src="/artgrad-consent.js?again" data-mode="development" async></script>'),
      '/cross-origin.html': testPage(`<script src="${otherOrigin}/artgrad-consent.js" data-mode="development" async></script>`, undefined, `script-src 'self' ${otherOrigin}; style-src 'self'`),
      '/bad-config.html': testPage('<script src="/artgrad-consent.js" data-mode="development" data-lang="fr" data-purposes="processing, telepathy" async></script>'),
      '/late-config.html': testPage('<script src="/artgrad-consent.js" data-mode="development" data-endpoint="/api" async></script>'),
      '/production.html': testPage('<script src="/artgrad-consent.js" data-controller-bin="123456789012" data-controller-email="privacy@artgrad.kz" async></script>'),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await other?.close();
});

describe('the banner from the built script tag', () => {
  it('mounts once, in Kazakh, with the controller, both purposes unticked and no errors', async () => {
    const { page, errors, context } = await visit(browser, shop.url);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await expect(banner(page).getByRole('heading').textContent()).resolves.toBe('Дербес деректерді өңдеуге келісім');
    await expect(banner(page).textContent()).resolves.toContain('«АртГрад» ЖШС');
    const switches = banner(page).getByRole('switch');
    await expect(switches.count()).resolves.toBe(2);
    expect(await switches.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([false, false]);
    await expect(page.locator('artgrad-consent').count()).resolves.toBe(2); // the banner + the inline control
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the full text, word for word the seed, numbered and in Kazakh', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    const article = bannerHost(page).locator('dialog article.policy');
    await article.waitFor();
    const shown = await article.evaluate((el) => (el as HTMLElement).innerText);
    const seed = readFileSync(new URL('../../packages/policy/seed/kk.txt', import.meta.url), 'utf8');
    const words = (t: string) => t.split(/\s+/).filter((w) => w && w !== '\uF0FC' && w !== '✓');
    expect(words(shown)).toEqual(words(seed));
    await expect(article.getAttribute('lang')).resolves.toBe('kk');
    await expect(article.locator('.items > li').count()).resolves.toBe(26);
    // Scrollable and reachable by keyboard.
    const scroll = bannerHost(page).locator('dialog .scroll');
    expect(await scroll.evaluate((el) => el.scrollHeight > el.clientHeight && el.tabIndex === 0)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => article.count()).toBe(0);
    await expect.poll(() => records(page).then((r) => r.length)).toBe(0);
    await context.close();
  });

  it('refuses with one click, records it, and stays refused after a reload', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await expect.poll(() => banner(page).count()).toBe(0);
    // A refusal pressed before the engine arrived is held, and signed before ready() resolves.
    await page.evaluate(() => window.artgradConsent!.ready());
    const [record] = await records(page);
    expect(record).toMatchObject({ event: 'refused', decisions: { processing: false, dissemination: false }, confirmation: { method: 'none' } });
    expect(record!.policy).toMatchObject({ version: expect.any(String), sha256: expect.stringMatching(/^[\w-]{43}$/), language: 'kk' });
    await page.reload();
    await expect.poll(() => page.evaluate(() => window.artgradConsent?.ready())).toEqual({ processing: false, dissemination: false });
    await expect(banner(page).count()).resolves.toBe(0);
    await bannerHost(page).getByRole('button', { name: 'Жеке деректер' }).waitFor(); // visible once rendered
    await context.close();
  });

  it('agreeing with nothing ticked records nothing, explains, and moves focus to the first switch', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('button', { name: 'Келісемін' }).click();
    await expect(banner(page).getByRole('status').textContent()).resolves.toMatch(/Ешбір мақсат белгіленбеді/);
    const focused = await bannerHost(page).evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('name'));
    expect(focused).toBe('processing');
    await expect(page.getByRole('heading', { name: 'Келісімді растау' }).count()).resolves.toBe(0);
    await expect(records(page)).resolves.toEqual([]);
    await context.close();
  });

  it('grants exactly the ticked purposes, then persists, reopens and withdraws one purpose', async () => {
    const { page, context } = await visit(browser, shop.url);
    const shownAt = await toConfirmStep(page, [PROCESSING]);
    const dialog = bannerHost(page).locator('dialog[open]');
    await expect(dialog.textContent()).resolves.toMatch(/Келісім беріледі\s*Дербес деректерді жинау және өңдеу\s*Келісім берілмейді\s*Дербес деректерді жалпыға/);
    await expect(dialog.textContent()).resolves.toContain('2024-1');
    await confirmStep(page, shownAt);
    await expect.poll(() => page.evaluate(() => window.artgradConsent!.getAll())).toEqual({ processing: true, dissemination: false });
    const [given] = await records(page);
    expect(given).toMatchObject({ event: 'given', confirmation: { method: 'checkbox', fullTextOpened: false } });
    expect(given!.confirmation.msOnStep).toBeGreaterThanOrEqual(600);

    await page.reload();
    await expect.poll(() => page.evaluate(() => window.artgradConsent?.ready())).toEqual({ processing: true, dissemination: false });
    await expect(banner(page).count()).resolves.toBe(0);

    // Reopen from the shop's own footer button (the public API's open()).
    await page.getByRole('button', { name: 'Жеке деректер баптаулары' }).click();
    const prefs = bannerHost(page).locator('dialog[open]');
    await prefs.getByRole('heading', { name: 'Жеке деректер баптаулары' }).waitFor(); // visible once rendered
    const processing = prefs.getByRole('switch', { name: PROCESSING });
    await expect(processing.isChecked()).resolves.toBe(true); // the shopper's own choice, not a default
    await expect(prefs.getByRole('switch', { name: DISSEMINATION }).isChecked()).resolves.toBe(false);
    await processing.click();
    await prefs.getByRole('button', { name: 'Сақтау' }).click();
    await expect.poll(() => page.evaluate(() => window.artgradConsent!.get('processing'))).toBe(false);
    const all = await records(page);
    expect(all.map((r) => r.event)).toEqual(['given', 'withdrawn']);
    expect(all[1]!.decisions).toEqual({ processing: false });
    await context.close();
  });

  it('withdraws through the API and fires consent-change (bubbling, composed) and on("change")', async () => {
    const { page, context } = await visit(browser, shop.url);
    await confirmStep(page, await toConfirmStep(page, [PROCESSING, DISSEMINATION]));
    await expect.poll(() => page.evaluate(() => window.artgradConsent!.get('dissemination'))).toBe(true);
    await expect(page.locator('#dissemination-status').textContent()).resolves.toMatch(/келісім берілген/);
    const seen = page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          let fromEvent: unknown;
          document.addEventListener('consent-change', (e) => (fromEvent = (e as CustomEvent).detail.state), { once: true });
          const off = window.artgradConsent!.on('change', (c) => {
            off();
            setTimeout(() => resolve({ fromEvent, fromApi: c.state }));
          });
          void window.artgradConsent!.withdraw('dissemination');
        }),
    );
    expect(await seen).toEqual({ fromEvent: { processing: true, dissemination: false }, fromApi: { processing: true, dissemination: false } });
    await expect(page.locator('#dissemination-status').textContent()).resolves.toMatch(/келісім жоқ/);
    const events = (await records(page)).map((r) => r.event);
    expect(events).toEqual(['given', 'withdrawn']);
    await context.close();
  });

  it('follows a /config that answers after the banner is up: a purpose the site stopped asking for leaves the banner', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    // The first visit: no cached copy, so the banner shows the bundled purposes after 400 ms.
    await page.route('**/api/config', async (route) => {
      // 3 s: long after the banner is up, even on a loaded machine.
      await new Promise((r) => setTimeout(r, 3000));
      await route.fulfill({ json: { purposes: ['processing'] } });
    });
    await page.goto(`${shop.url}late-config.html`);
    await banner(page).waitFor();
    await expect(banner(page).getByRole('switch', { name: DISSEMINATION }).count()).resolves.toBe(1);
    await expect.poll(() => banner(page).getByRole('switch', { name: DISSEMINATION }).count(), { timeout: 10_000 }).toBe(0);
    await expect(banner(page).getByRole('switch', { name: PROCESSING }).count()).resolves.toBe(1);
    await context.close();
  });

  it('offers Russian and English for the interface while the policy stays Kazakh', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('combobox').selectOption('ru');
    await banner(page).getByRole('button', { name: 'Согласен' }).waitFor(); // visible once rendered
    await banner(page).getByRole('button', { name: 'Отказываюсь' }).waitFor(); // visible once rendered
    await banner(page).getByRole('combobox').selectOption('en');
    await banner(page).getByRole('button', { name: 'Full text' }).click();
    await expect(bannerHost(page).locator('dialog article.policy').getAttribute('lang')).resolves.toBe('kk');
    await context.close();
  });

  it('remembers the shopper\'s language on this device, over the site\'s default', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('combobox').selectOption('ru');
    await banner(page).getByRole('button', { name: 'Согласен' }).waitFor();
    await page.reload();
    await banner(page).getByRole('button', { name: 'Согласен' }).waitFor();
    await expect(bannerHost(page).evaluate((el) => el.getAttribute('language'))).resolves.toBe('ru');
    // A preference, not a decision: nothing was recorded.
    await expect(records(page)).resolves.toEqual([]);
    await context.close();
  });
});

describe('embedding', () => {
  it('names a bad attribute on the element itself in a console error, and marks each language name with its language', async () => {
    const { page, context, errors } = await visit(browser, shop.url);
    await banner(page).waitFor();
    await expect(banner(page).locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('lang')))).resolves.toEqual(['kk', 'ru', 'en']);
    await bannerHost(page).evaluate((el) => {
      el.setAttribute('language', 'fr');
      el.setAttribute('confirm', 'retina-scan');
    });
    await expect.poll(() => errors.join('\n')).toContain('<artgrad-consent language>: unknown language "fr"');
    expect(errors.join('\n')).toContain('<artgrad-consent confirm>: no confirmation method "retina-scan"');
    // Still in Kazakh, still working.
    await expect(banner(page).getByRole('button', { name: 'Келісемін' }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('outside development mode, refuses to start without real controller details, naming each missing attribute', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}production.html`);
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    const message = errors.join('\n');
    for (const attribute of ['data-controller-address', 'data-controller-phone', 'data-controller-url', 'data-policy-url']) expect(message).toContain(attribute);
    expect(message).not.toContain('data-controller-bin');
    await expect(page.evaluate(() => window.artgradConsent)).resolves.toBeUndefined();
    await expect(page.locator('artgrad-consent').count()).resolves.toBe(0);
    await context.close();
  });

  it('loading the script twice neither breaks nor mounts twice', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}twice.html`);
    await expect.poll(() => banner(page).count()).toBe(1);
    await page.waitForTimeout(200);
    await expect(page.locator('artgrad-consent').count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works when the script is served from another origin', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}cross-origin.html`);
    await expect(page.locator('script').getAttribute('src')).resolves.toMatch(new RegExp(`^${new URL(other.url).origin}/`));
    await expect.poll(() => banner(page).isVisible(), { message: errors.join('\n') }).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('names each bad data-* attribute in a console error and still works with safe defaults', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}bad-config.html`);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(errors.some((e) => e.includes('data-lang') && e.includes('"fr"'))).toBe(true);
    expect(errors.some((e) => e.includes('data-purposes') && e.includes('"telepathy"'))).toBe(true);
    await expect(banner(page).getByRole('switch').count()).resolves.toBe(1);
    await banner(page).getByRole('button', { name: 'Келісемін' }).waitFor(); // visible once rendered
    await context.close();
  });
});
