// Rights requests (policy item 23) from the banner's preferences, through the real receiver:
// the protective step, the signed request synced once, the due date in Kazakh working days, the
// operator's answer, and the answer downloaded by the device that asked (and nobody else).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { signIn } from './console-page.js';
import { banner, bannerHost, CONSOLE_DIR, launch, paintedAt, serveShop, visit, waitUntilPageTime, type Shop } from './harness.js';

const ADMIN = { name: 'aigerim', token: 'aigerim-secret-token-0123456789' };
let shop: Shop;
let browser: Browser;
beforeAll(async () => {
  [shop, browser] = await Promise.all([serveShop({ receiver: { adminTokens: [ADMIN] }, consoleDir: CONSOLE_DIR }), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const admin = async (path: string, init: RequestInit = {}) =>
  (await fetch(`${shop.receiver!.url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN.token}`, 'content-type': 'application/json' } })).json() as Promise<any>;
const dialog = (page: Page) => bannerHost(page).locator('dialog[open]');

/** Refuses on the banner, then opens the preferences from the reopen control. */
async function toPreferences(page: Page): Promise<void> {
  await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
  await bannerHost(page).getByRole('button', { name: 'Жеке деректер', exact: true }).click();
  await dialog(page).getByRole('heading', { name: 'Менің деректерім' }).waitFor();
}

/** Ticks the request step's checkbox after the 600 ms guard, and confirms. */
async function confirmRequest(page: Page): Promise<void> {
  const shownAt = await paintedAt(page);
  await waitUntilPageTime(page, shownAt, 700);
  await dialog(page).getByRole('checkbox', { name: 'Бұл сұранысты өзім жіберемін' }).click();
  await dialog(page).getByRole('button', { name: 'Растау' }).click();
}

describe('rights requests from the preferences', () => {
  it('an access request: confirmed on the step offline, delivered once online with its due date, answered by the operator, downloaded by this device alone', async () => {
    const { page, context, errors } = await visit(browser, shop.url, { acceptDownloads: true, bypassCSP: true });
    await toPreferences(page);
    await dialog(page).getByRole('button', { name: 'Деректерім туралы білу' }).click();
    await dialog(page).getByRole('heading', { name: /Сұранысты растау/ }).waitFor();
    // The same step as for consent: the heading has focus, Confirm waits for a genuine tick.
    expect(await bannerHost(page).evaluate((el) => el.shadowRoot!.activeElement?.id)).toBe('confirm-title');
    await expect(dialog(page).getByRole('button', { name: 'Растау' }).isDisabled()).resolves.toBe(true);
    const { violations } = await axeViolations(page);
    expect(violations).toEqual([]);
    await dialog(page).getByLabel(/Жауап мекенжайы/).fill('aigul@example.kz');
    // Offline when confirmed: kept on the device, said to be sending; delivered once back online.
    await context.setOffline(true);
    await confirmRequest(page);
    await dialog(page).getByText('Сұраныс жіберілді.').waitFor();
    const item = dialog(page).locator('li', { hasText: 'Деректерім туралы білу (23.1)' });
    await item.getByText('Жіберілуде', { exact: true }).waitFor();
    expect((await admin('/admin/rights-requests')).items).toEqual([]);
    await context.setOffline(false);
    // Synced once, acknowledged: the list says received, with the due date.
    await item.getByText('Қабылданды', { exact: true }).waitFor({ timeout: 15_000 });
    await expect(item.textContent()).resolves.toMatch(/Мерзімі/);

    const queue = await admin('/admin/rights-requests');
    expect(queue.items).toHaveLength(1);
    const [queued] = queue.items;
    expect(queued).toMatchObject({ kind: 'access', item: '23.1', status: 'received', overdue: false });
    const detail = await admin(`/admin/rights-requests/${queued.id}`);
    expect(detail.personal.replyTo).toBe('aigul@example.kz');
    expect(Buffer.from(detail.jws.split('.')[1], 'base64url').toString()).not.toContain('aigul');
    // The operator answers in the console: the receipts assembled and verified, in one click.
    const operator = await visit(browser, `${shop.url}console/#/request/${queued.id}`);
    await signIn(operator.page, ADMIN.token);
    await operator.page.getByRole('heading', { name: /Сұраныс: Деректер туралы білу/ }).waitFor();
    await operator.page.getByText('aigul@example.kz').waitFor();
    await operator.page.getByLabel('Жауап мәтіні').fill('Деректеріңіз қоса беріліп отыр');
    await operator.page.getByRole('button', { name: 'Жауапты жіберу' }).click();
    await operator.page.locator('ol.events').getByText(/Жауап берілді — aigerim/).waitFor();
    await operator.page.getByRole('button', { name: 'Түбіртектерден жауап жинау' }).click();
    await expect.poll(async () => (await admin(`/admin/rights-requests/${queued.id}`)).events.length).toBe(2);
    await operator.context.close();

    // Reopened: answered, with the answer to download, read with the device key's proof.
    await dialog(page).getByRole('button', { name: 'Жабу' }).click();
    await bannerHost(page).getByRole('button', { name: 'Жеке деректер', exact: true }).click();
    await item.getByText('Жауап берілді').waitFor();
    await expect(item.textContent()).resolves.toContain('Деректеріңіз қоса беріліп отыр');
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: /Жауапты жүктеп алу/ }).click()]);
    const answer = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(answer.format).toBe('artgrad-access-answer/1');
    expect(answer.request.verification).toEqual({ request: { ok: true }, ack: { ok: true } });
    // Without the device key, the same answer is not readable.
    const path = `/rights-requests/${queued.id}/events/${(await admin(`/admin/rights-requests/${queued.id}`)).events[1].seq}/attachment`;
    expect((await fetch(`${shop.receiver!.url}${path}`)).status).toBe(401);
    // The only console errors: the fetches the browser failed while offline.
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  it('a page script can ask for a request but never file one: api.request opens the step, Back cancels, a scripted click files nothing', async () => {
    const { page, context } = await visit(browser, shop.url);
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await bannerHost(page).locator('button.reopen').waitFor();
    const asked = page.evaluate(() => window.artgradConsent!.request('destruction').then(() => 'filed', (e: { code: string }) => e.code));
    await dialog(page).getByRole('heading', { name: /Сұранысты растау: Деректерімді жою/ }).waitFor();
    // Past the 600 ms guard, counted from the step's first frame: what stops the script below is
    // that its events are not trusted, not the guard.
    await waitUntilPageTime(page, await paintedAt(page), 700);
    // A script ticks and presses: nothing is filed.
    await dialog(page).getByRole('checkbox').evaluate((el) => (el as HTMLInputElement).click());
    await dialog(page).getByRole('button', { name: 'Растау' }).evaluate((b) => {
      (b as HTMLButtonElement).disabled = false;
      (b as HTMLButtonElement).click();
    });
    await page.waitForTimeout(300);
    await dialog(page).getByRole('button', { name: 'Артқа' }).click();
    await expect(asked).resolves.toBe('CANCELLED');
    expect((await admin('/admin/rights-requests?kind=destruction')).items).toEqual([]);
    expect(await page.evaluate(() => window.artgradConsent!.requests().then((r) => r.length))).toBe(0);
    await context.close();
  });

  it('a correction needs its text before Confirm; the text goes to the receiver beside the signed request', async () => {
    const { page, context } = await visit(browser, shop.url);
    await toPreferences(page);
    await dialog(page).getByRole('button', { name: 'Деректерімді өзгерту не толықтыру' }).click();
    await dialog(page).getByRole('heading', { name: /Сұранысты растау/ }).waitFor();
    const shownAt = await paintedAt(page);
    await waitUntilPageTime(page, shownAt, 700);
    await dialog(page).getByRole('checkbox', { name: 'Бұл сұранысты өзім жіберемін' }).click();
    await expect(dialog(page).getByRole('button', { name: 'Растау' }).isDisabled()).resolves.toBe(true);
    await dialog(page).getByLabel('Не өзгерту не толықтыру керек').fill('Телефон нөмірім: +7 701 000 00 00');
    await dialog(page).getByRole('button', { name: 'Растау' }).click();
    await dialog(page).getByText('Сұраныс жіберілді.').waitFor();
    await dialog(page).locator('li', { hasText: 'Деректерімді өзгерту не толықтыру (23.2)' }).getByText('Қабылданды', { exact: true }).waitFor({ timeout: 15_000 });
    const [queued] = (await admin('/admin/rights-requests?kind=correction')).items;
    const detail = await admin(`/admin/rights-requests/${queued.id}`);
    expect(detail.personal.details).toBe('Телефон нөмірім: +7 701 000 00 00');
    expect(detail.dueDay).toBe(queued.dueDay);
    await context.close();
  });
});
