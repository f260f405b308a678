// One-time-code confirmation (data-confirm="otp": a part the script fetches when a step needs it;
// artgrad-consent-otp.js is the same file under its old name), through the SDK to the real receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createLogOtpAdapter } from '@artgrad/receiver';
import { verifyReceipt } from '@artgrad/receipt';
import { banner, bannerHost, launch, PROCESSING, queues, records, serveShop, toConfirmStep, visit, waitUntilPageTime, type Shop } from './harness.js';
import { page as testPage } from './pages.js';
import { axeViolations, formatViolations } from './axe.js';

let shop: Shop;
let browser: Browser;
const otp = createLogOtpAdapter();
beforeAll(async () => {
  browser = await launch();
  shop = await serveShop({
    receiver: { otpAdapter: otp },
    pages: { '/otp.html': testPage('<script src="/artgrad-consent-otp.js" data-mode="development" data-endpoint="/api" data-confirm="otp" async></script>'),
      '/main.html': testPage('<script src="/artgrad-consent.js" data-mode="development" data-endpoint="/api" data-confirm="otp" async></script>'),
      '/plain.html': testPage('<script src="/artgrad-consent.js" data-mode="development" data-endpoint="/api" async></script>') },
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe('one-time-code confirmation', () => {
  it('sends a code, takes it (autocomplete one-time-code), and the receiver accepts the receipt with its token', async () => {
    const { page, context, errors } = await visit(browser, `${shop.url}otp.html`);
    const shownAt = await toConfirmStep(page, [PROCESSING]);
    const step = bannerHost(page).locator('dialog[open]');
    await expect(step.getByRole('button', { name: 'Растау' }).isDisabled()).resolves.toBe(true);
    await step.getByLabel('Телефон нөмірі').fill('+77010000001');
    await step.getByRole('button', { name: 'Код жіберу' }).click();
    const codeInput = step.getByLabel('Растау коды');
    await codeInput.waitFor();
    await expect(codeInput.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    // Wrong code first: refused, nothing enabled.
    await codeInput.fill('000000' === otp.lastCode('+77010000001') ? '111111' : '000000');
    await step.getByRole('button', { name: 'Кодты тексеру' }).click();
    await expect.poll(() => step.getByRole('status').first().textContent()).toMatch(/Код қабылданбады/);
    await expect(step.getByRole('button', { name: 'Растау' }).isDisabled()).resolves.toBe(true);
    await codeInput.fill(otp.lastCode('+77010000001')!);
    await step.getByRole('button', { name: 'Кодты тексеру' }).click();
    await expect.poll(() => step.getByRole('status').first().textContent()).toMatch(/Код расталды/);
    await waitUntilPageTime(page, shownAt, 700);
    await step.getByRole('button', { name: 'Растау' }).click();
    await expect.poll(() => page.evaluate(() => window.artgradConsent!.get('processing'))).toBe(true);
    const [record] = await records(page);
    expect(record!.confirmation).toMatchObject({ method: 'otp', channel: 'sms', token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(JSON.stringify(record)).not.toContain('+77010000001'); // the address never enters a receipt
    // The receiver checked the token against the receipt's own key and time, and stored it.
    await expect.poll(() => queues(page), { timeout: 15_000 }).toEqual({ outbox: [], dead: [] });
    const [row] = await shop.receiver!.store.receiptsOfKids([record!.kid]);
    expect((await verifyReceipt(row!.jws)).payload.confirmation.method).toBe('otp');
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    await context.close();
  });

  it('takes only the shopper\'s own typing and presses: a page script cannot send or verify a code', async () => {
    const { page, context } = await visit(browser, `${shop.url}otp.html`);
    await toConfirmStep(page, [PROCESSING]);
    const sent: string[] = [];
    page.on('request', (r) => r.url().includes('/otp/') && sent.push(r.url()));
    const step = bannerHost(page).locator('dialog[open]');
    await step.getByLabel('Телефон нөмірі').evaluate((input: HTMLInputElement) => {
      input.value = '+77010000009';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await step.getByRole('button', { name: 'Код жіберу' }).evaluate((b: HTMLButtonElement) => b.click());
    await page.waitForTimeout(300);
    expect(sent).toEqual([]);
    // The shopper's own press sends — with what the shopper typed, not what the script set.
    await step.getByLabel('Телефон нөмірі').fill('+77010000003');
    await step.getByRole('button', { name: 'Код жіберу' }).click();
    await step.getByLabel('Растау коды').waitFor();
    expect(sent.some((u) => u.endsWith('/otp/send'))).toBe(true);
    expect(otp.lastCode('+77010000003')).toMatch(/^\d{6}$/);
    expect(otp.lastCode('+77010000009')).toBeUndefined();
    await context.close();
  });

  it('the code step has no accessibility violation (axe)', async () => {
    const { page, context } = await visit(browser, `${shop.url}otp.html`, { bypassCSP: true });
    await toConfirmStep(page, [PROCESSING]);
    const step = bannerHost(page).locator('dialog[open]');
    await step.getByLabel('Телефон нөмірі').fill('+77010000002');
    await step.getByRole('button', { name: 'Код жіберу' }).click();
    await step.getByLabel('Растау коды').waitFor();
    const { violations, shadowNodes } = await axeViolations(page);
    expect(shadowNodes).toBeGreaterThan(0);
    expect(violations, formatViolations('otp step', violations)).toEqual([]);
    await context.close();
  });

  it('falls back to the checkbox, with a console error, when there is no endpoint', async () => {
    const local = await serveShop({ receiver: false, pages: { '/otp.html': testPage('<script src="/artgrad-consent-otp.js" data-mode="development" data-confirm="otp" async></script>') } });
    const { page, context, errors } = await visit(browser, `${local.url}otp.html`);
    await toConfirmStep(page, [PROCESSING]);
    await expect(page.getByRole('checkbox', { name: /растаймын/ }).isVisible()).resolves.toBe(true);
    expect(errors.join('\n')).toContain('data-confirm');
    await context.close();
    await local.close();
  });

  it('is a part of the main file, fetched only when a step needs it: data-confirm="otp" gets the code step from artgrad-consent.js too', async () => {
    const part = JSON.parse(readFileSync(new URL('../../packages/embed/dist/chunks.json', import.meta.url), 'utf8')).otp as string;
    // Without data-confirm="otp": the checkbox, and the part is never asked for.
    const plain = await visit(browser, `${shop.url}plain.html`);
    const asked: string[] = [];
    plain.page.on('request', (r) => asked.push(r.url()));
    await toConfirmStep(plain.page, [PROCESSING]);
    await expect(plain.page.getByRole('checkbox', { name: /растаймын/ }).isVisible()).resolves.toBe(true);
    expect(asked.filter((u) => u.includes(part))).toEqual([]);
    await plain.context.close();
    // With it, from the main file: the code step, and no console error about the method.
    const { page, context, errors } = await visit(browser, `${shop.url}main.html`);
    await toConfirmStep(page, [PROCESSING]);
    await expect(page.getByLabel('Телефон нөмірі').isVisible()).resolves.toBe(true);
    expect(errors.filter((e) => e.includes('confirmation method'))).toEqual([]);
    const main = await (await fetch(`${shop.url}artgrad-consent.js`)).text();
    expect(main).not.toContain('/otp/send');
    await context.close();
  });
});
