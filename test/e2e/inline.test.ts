// Inline mode: a form-associated <artgrad-consent> in the checkout form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { banner, launch, records, serveShop, visit, waitUntilPageTime, paintedAt, type Shop } from './harness.js';

let shop: Shop;
let browser: Browser;
beforeAll(async () => {
  [shop, browser] = await Promise.all([serveShop(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const inline = (page: Page) => page.locator('artgrad-consent[mode="inline"]');

async function fillOrder(page: Page) {
  await page.getByLabel('Аты-жөні').fill('Айгерім');
  await page.getByLabel('Телефон').fill('+7 700 000 00 00');
  await page.getByLabel('Мекенжай').fill('Алматы');
}

describe('the inline form control', () => {
  it('blocks the order until processing is confirmed, then carries the decision with it', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).waitFor();
    await fillOrder(page);
    await expect(inline(page).evaluate((el: any) => [el.form?.id, el.validity.valueMissing])).resolves.toEqual(['order', true]);
    await page.getByRole('button', { name: 'Тапсырыс беру' }).click();
    await page.waitForTimeout(200);
    expect(shop.orders).toHaveLength(0); // the browser refused to submit
    await expect(page.locator('form').evaluate((f: HTMLFormElement) => f.checkValidity())).resolves.toBe(false);

    await inline(page).getByRole('switch', { name: /жинау және өңдеу/ }).click();
    await inline(page).getByRole('button', { name: 'Келісім беру' }).click();
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    const shownAt = await paintedAt(page);
    await waitUntilPageTime(page, shownAt, 700);
    await inline(page).getByRole('checkbox', { name: /растаймын/ }).click();
    await inline(page).getByRole('button', { name: 'Растау' }).click();
    await expect.poll(() => inline(page).evaluate((el: any) => el.validity.valid)).toBe(true);
    await expect(inline(page).locator('.done').textContent()).resolves.toContain('Келісім расталды');
    // The site-wide banner heard the same decision: processing is decided, so it stops asking
    // only if every requested purpose is decided (dissemination still is not).
    const [record] = await records(page);
    expect(record).toMatchObject({ event: 'given', decisions: { processing: true } });

    const before = shop.orders.length;
    await page.getByRole('button', { name: 'Тапсырыс беру' }).click();
    await expect.poll(() => page.locator('#order-result').textContent()).toContain('Тапсырыс қабылданды');
    // The order carries the signed receipt itself, verified by the shop's server.
    expect(shop.orders.slice(before)).toEqual([{ consent: record!.id, receipt: record!.jws, at: expect.any(Number) }]);
    await context.close();
  });

  it('is satisfied at once when the shopper already granted processing in the banner', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('switch', { name: /жинау және өңдеу/ }).click();
    await banner(page).getByRole('button', { name: 'Келісемін' }).click();
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    const shownAt = await paintedAt(page);
    await waitUntilPageTime(page, shownAt, 700);
    await page.getByRole('checkbox', { name: /растаймын/ }).click();
    await page.getByRole('button', { name: 'Растау' }).click();
    await expect.poll(() => inline(page).evaluate((el: any) => el.validity.valid)).toBe(true);
    const [record] = await records(page);
    const value = await page.locator('form').evaluate((f: HTMLFormElement) => new FormData(f).get('consent'));
    expect(value).toBe(record!.jws);
    expect(value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await context.close();
  });

  it('goes back to blocking when processing is withdrawn', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('switch', { name: /жинау және өңдеу/ }).click();
    await banner(page).getByRole('button', { name: 'Келісемін' }).click();
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    await waitUntilPageTime(page, await paintedAt(page), 700);
    await page.getByRole('checkbox', { name: /растаймын/ }).click();
    await page.getByRole('button', { name: 'Растау' }).click();
    await expect.poll(() => inline(page).evaluate((el: any) => el.validity.valid)).toBe(true);
    await page.evaluate(() => window.artgradConsent!.withdraw('processing'));
    await expect.poll(() => inline(page).evaluate((el: any) => el.validity.valueMissing)).toBe(true);
    await expect(page.locator('form').evaluate((f: HTMLFormElement) => new FormData(f).get('consent'))).resolves.toBe(null);
    await context.close();
  });

  it('is invalid from its first render, follows a changed purposes attribute, and names an unknown purpose', async () => {
    const { page, context, errors } = await visit(browser, shop.url);
    await banner(page).waitFor();
    // A control added by the page: required, so invalid before anything has loaded.
    const valueMissing = await page.evaluate(async () => {
      const el = document.createElement('artgrad-consent') as any;
      el.setAttribute('mode', 'inline');
      el.setAttribute('purposes', 'processing');
      el.setAttribute('required', '');
      el.id = 'late';
      document.querySelector('form')!.append(el);
      await el.updateComplete;
      return el.validity.valueMissing;
    });
    expect(valueMissing).toBe(true);
    // Not required any more: valid; required again with a typo: invalid, and the console says why.
    const late = page.locator('#late');
    await late.evaluate((el: any) => el.removeAttribute('required'));
    await expect.poll(() => late.evaluate((el: any) => el.validity.valid)).toBe(true);
    await late.evaluate((el: any) => {
      el.setAttribute('required', '');
      el.setAttribute('purposes', 'proccessing');
    });
    await expect.poll(() => late.evaluate((el: any) => el.validity.valueMissing)).toBe(true);
    await expect.poll(() => errors.join('\n')).toContain('<artgrad-consent purposes>: unknown purpose "proccessing"');
    await context.close();
  });

  it('is invalid before the stored decisions have even loaded', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Added the moment the SDK exists, before IndexedDB has answered.
    await page.addInitScript(() => {
      document.addEventListener('artgrad-consent:ready', async (event) => {
        let loaded = false;
        void (event as CustomEvent).detail.ready().then(() => (loaded = true));
        const el = document.createElement('artgrad-consent') as any;
        el.setAttribute('mode', 'inline');
        el.setAttribute('purposes', 'processing');
        el.setAttribute('required', '');
        document.body.append(el);
        await el.updateComplete;
        (window as any).__early = { loaded, valueMissing: el.validity.valueMissing };
      });
    });
    await page.goto(shop.url);
    await expect.poll(() => page.evaluate(() => (window as any).__early)).toEqual({ loaded: false, valueMissing: true });
    await context.close();
  });

  it('inside a page component\'s own shadow root, focus comes back to the control after the step', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).waitFor();
    await page.evaluate(async () => {
      const host = document.createElement('div');
      host.id = 'checkout-widget';
      const el = document.createElement('artgrad-consent') as any;
      el.setAttribute('mode', 'inline');
      el.setAttribute('purposes', 'processing');
      host.attachShadow({ mode: 'open' }).append(el);
      document.body.append(host);
      await el.updateComplete;
    });
    const nested = page.locator('#checkout-widget artgrad-consent');
    await nested.getByRole('switch', { name: /жинау және өңдеу/ }).click();
    await nested.getByRole('button', { name: 'Келісім беру' }).click();
    await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
    await waitUntilPageTime(page, await paintedAt(page), 700);
    await nested.getByRole('checkbox', { name: /растаймын/ }).click();
    await nested.getByRole('button', { name: 'Растау' }).click();
    await expect.poll(() => nested.locator('.done').count()).toBe(1);
    // Focus is back in the control (its remaining button), not dropped on <body>.
    await expect
      .poll(() => page.evaluate(() => {
        const el = document.getElementById('checkout-widget')!.shadowRoot!.activeElement as HTMLElement | null;
        return el?.shadowRoot?.activeElement?.textContent ?? document.activeElement?.tagName;
      }))
      .toBe('Толық мәтін');
    await context.close();
  });
});
