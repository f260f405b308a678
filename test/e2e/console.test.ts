// The marketer console (examples/console, built) in Debian's Chromium, served by the demo shop
// under /console/ beside the shop, against the real receiver (SQLite) behind /api: sign-in, the
// dissemination switch followed by the shop's banner, holders with search, paging and CSV, a
// withdrawal leaving the list, proofs verified in the browser (and two forgeries put straight
// into the database that must show NOT verified), the chart, axe on every screen, the CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chainHash, countersign, verifyReceipt } from '@artgrad/receipt';
import { createDevice } from '../../packages/receiver/test/fixtures/device.js';
import { axeViolations, formatViolations } from './axe.js';
import { openConsole as openConsoleAt, signedIn as signedInAs, signIn as signInWith } from './console-page.js';
import { banner, CONSOLE_DIR, confirmStep, DISSEMINATION, launch, PROCESSING, records, serveShop, toConfirmStep, visit, type Shop } from './harness.js';

const ALICE = { name: 'alice', token: 'alice-console-token-0123456789' };
const BOTH = { processing: true, dissemination: true };

let shop: Shop;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [shop, browser] = await Promise.all([serveShop({ receiver: { adminTokens: [ALICE] }, consoleDir: CONSOLE_DIR }), launch()]);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await shop?.close();
});

const consoleUrl = () => `${shop.url}console/`;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${shop.url}api${path}`, { ...init, headers: { authorization: `Bearer ${ALICE.token}`, ...(init.headers as Record<string, string>) } });
const apiJson = async <T>(path: string): Promise<T> => (await (await api(path)).json()) as T;

const openConsole = (options: { bypassCSP?: boolean; hash?: string } = {}) => openConsoleAt(browser, `${consoleUrl()}${options.hash ?? ''}`, contexts, options);
const signIn = (page: Page, token = ALICE.token) => signInWith(page, token);
const signedIn = (options: { bypassCSP?: boolean; hash?: string } = {}) => signedInAs(browser, `${consoleUrl()}${options.hash ?? ''}`, contexts, ALICE, options);

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.locator('#page-title').waitFor();
};

/** A shopper in the shop grants processing and dissemination through the banner; resolves with their device kid once stored. */
async function grantInShop(): Promise<{ page: Page; kid: string }> {
  const { page, context } = await visit(browser, shop.url);
  contexts.push(context);
  await confirmStep(page, await toConfirmStep(page, [PROCESSING, DISSEMINATION]));
  await expect.poll(() => records(page).then((r) => r.length)).toBeGreaterThan(0);
  const kid = (await records(page))[0]!.kid as string;
  await expect.poll(async () => (await shop.receiver!.store.receiptsOfKids([kid])).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return { page, kid };
}

/** A device made in Node (the receiver's test device): validly signed receipts, as the SDK would make them. */
async function nodeDevice(subjectId: string) {
  const d = await createDevice();
  return { kid: d.kid, sign: (overrides: Parameters<typeof d.sign>[0] = {}) => d.sign({ subjectId, timeMs: Date.now() - 60_000, decisions: BOTH, ...overrides }) };
}

/** Stores a receipt directly in the database, as an intruder with write access would, bypassing verification and countersigning. */
async function insertRaw(jws: string, countersignature: string): Promise<string> {
  const [header, payload] = jws.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part!, 'base64url').toString('utf8')));
  const outcome = await shop.receiver!.store.appendReceipts([
    {
      id: payload.consentReceiptID,
      kid: header.kid,
      chainHash: await chainHash(jws),
      prev: payload.prev,
      newKey: payload.newKey === true,
      event: payload.event,
      consentTimestamp: payload.consentTimestamp,
      iatMs: payload.iat_ms,
      principalId: payload.piiPrincipalId,
      subjectId: payload.subjectId ?? null,
      otpJti: null,
      jws,
      countersignature,
      receivedAtMs: Date.now(),
      decisions: payload.decisions,
    },
  ]);
  expect(outcome).toEqual([{ kind: 'stored' }]);
  return payload.consentReceiptID as string;
}

/** One byte of the payload changed (`from` → `to`, same length, one byte apart): the signature no longer holds. */
function tamper(jws: string, from: string, to: string): string {
  const [h, p, s] = jws.split('.');
  const text = Buffer.from(p!, 'base64url').toString('utf8');
  expect(text.split(from)).toHaveLength(2);
  const changed = Buffer.from(text.replace(from, to), 'utf8');
  const before = Buffer.from(text, 'utf8');
  expect(changed.length).toBe(before.length);
  expect(changed.filter((byte, i) => byte !== before[i]).length).toBe(1);
  return `${h}.${changed.toString('base64url')}.${s}`;
}

const rowsOf = (page: Page) => page.locator('table.people tbody tr').evaluateAll((rows) => rows.map((r) => ({ receipt: r.getAttribute('data-receipt'), principal: r.querySelector('th')!.textContent })));
/** Searches the list on screen and waits until the answer for that search is shown. */
const search = async (page: Page, q: string) => {
  await page.getByLabel('Субъект немесе клиент идентификаторы бойынша іздеу').fill(q);
  await page.getByRole('button', { name: 'Іздеу', exact: true }).click();
  await page.locator(`.results[aria-busy="false"][data-query*="q=${encodeURIComponent(q)}"]`).waitFor();
};
const listShown = (page: Page) => page.locator('.results[aria-busy="false"]').waitFor();

describe('marketer console', () => {
  it('sign-in: a wrong token is refused, the right one is kept in sessionStorage only; sign-out clears it; a 401 brings the sign-in back saying why', async () => {
    const { page, errors } = await openConsole();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('kk');
    await signIn(page, 'not-the-token-at-all-0000');
    // Wait for the answer: the message appears once the receiver has refused the token.
    await page.getByText('Бұл токен қабылданбады').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await signIn(page);
    await page.getByText('Кірген: alice').waitFor();
    await page.getByRole('switch').waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([ALICE.token]);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(ALICE.token);
    expect(await page.context().cookies()).toEqual([]);
    expect(page.url()).not.toContain(ALICE.token);

    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.getByText('Сіз шықтыңыз').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    // A token the receiver no longer accepts (revoked, or tampered with): any 401 signs out.
    await signIn(page);
    await page.getByRole('switch').waitFor();
    await page.evaluate(() => sessionStorage.setItem(sessionStorage.key(0)!, 'revoked-token-0000000000'));
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Сеанс аяқталды' }).waitFor();
    expect(await page.getByLabel('Әкімші токені').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it("the switch: off, and the shop's banner stops asking for dissemination on its next load; on again, and it asks again; the history names alice", async () => {
    const shopper = await visit(browser, shop.url);
    contexts.push(shopper.context);
    const disseminationSwitches = () => banner(shopper.page).getByRole('switch', { name: DISSEMINATION }).count();
    await banner(shopper.page).waitFor();
    expect(await disseminationSwitches()).toBe(1);

    const { page } = await signedIn();
    const toggle = page.getByRole('switch', { name: /23\.6/ });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await page.getByText('Өшірулі: баннер бұл келісімді сұрамайды').waitFor();
    const history = page.getByRole('table').filter({ hasText: 'alice' });
    await history.getByRole('cell', { name: 'Өшірілді' }).waitFor();

    await shopper.page.reload();
    await banner(shopper.page).waitFor();
    await expect.poll(disseminationSwitches, { timeout: 10_000 }).toBe(0);
    expect(await banner(shopper.page).getByRole('switch', { name: PROCESSING }).count()).toBe(1);

    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await shopper.page.reload();
    await banner(shopper.page).waitFor();
    await expect.poll(disseminationSwitches, { timeout: 10_000 }).toBe(1);

    const changes = await shop.receiver!.store.requestChanges('dissemination');
    expect(changes.map((c) => [c.requested, c.changedBy])).toEqual([
      [false, 'alice'],
      [true, 'alice'],
    ]);
    expect(await page.locator('table').filter({ hasText: 'alice' }).locator('tbody tr').count()).toBe(2);
  });

  it('a switch change that fails changes nothing and says what failed, with a retry', async () => {
    const { page } = await signedIn();
    const toggle = page.getByRole('switch', { name: /23\.6/ });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    let fail = true;
    await page.route('**/api/admin/requests/dissemination', (route) =>
      route.request().method() === 'PUT' && fail ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"UNAVAILABLE","message":"try later"}}' }) : route.continue(),
    );
    await toggle.click();
    const alert = page.getByRole('alert').filter({ hasText: 'сұрау күйін сақтау' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('503 UNAVAILABLE: try later');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect((await shop.receiver!.store.requestChanges('dissemination')).length).toBe(2);
    fail = false;
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('holders: live count, search, paging; the CSV download is exactly the list; a withdrawal leaves the list at once and shows under "withdrawn since"', async () => {
    const devices = await Promise.all(Array.from({ length: 27 }, (_, i) => nodeDevice(`customer-e2e-${String(i).padStart(2, '0')}`)));
    const grants = await Promise.all(devices.map((d, i) => d.sign({ timeMs: Date.now() - 600_000 + i * 1000 })));
    // In batches under the receiver's 61,440-byte limit.
    for (let i = 0; i < grants.length; i += 10) {
      const posted = await fetch(`${shop.url}api/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: grants.slice(i, i + 10) }) });
      expect(posted.status).toBe(200);
      expect(((await posted.json()) as { results: { status: string }[] }).results.every((r) => r.status === 'stored')).toBe(true);
    }
    const shopper = await grantInShop();

    const { page } = await signedIn();
    const count = async () => Number(await page.getByTestId('holder-count').getAttribute('value'));
    const { holders: expected } = await apiJson<{ holders: number }>('/admin/holders/count?purpose=dissemination');
    expect(expected).toBeGreaterThanOrEqual(28);
    await expect.poll(count).toBe(expected);

    // Paging: 25 a page, in the receiver's order.
    await go(page, '#/holders');
    await page.locator('table.people').waitFor();
    await listShown(page);
    const apiPage = (offset: number) => apiJson<{ total: number; items: { receiptId: string }[] }>(`/admin/holders?purpose=dissemination&limit=25&offset=${offset}`);
    expect((await rowsOf(page)).map((r) => r.receipt)).toEqual((await apiPage(0)).items.map((i) => i.receiptId));
    // Next goes by the receiver's cursor (an index seek), and lists what offset 25 would.
    await page.getByRole('link', { name: 'Келесі бет' }).click();
    await page.locator('.results[aria-busy="false"][data-query*="cursor="]').waitFor();
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/holders\?page=2&after=[A-Za-z0-9_-]+$/);
    await page.locator('.pager-status').getByText(/беттің 2-беті/).waitFor();
    // Announced too, from a live region outside the list that loading replaces.
    expect(await page.locator('main p[role="status"]').textContent()).toMatch(/^Табылғаны: \d+\. 2 беттің 2-беті\.$/);
    expect((await rowsOf(page)).map((r) => r.receipt)).toEqual((await apiPage(25)).items.map((i) => i.receiptId));
    // A page past the end goes to the last page, in place of the history entry.
    const pages = Math.ceil((await apiPage(0)).total / 25);
    await go(page, '#/holders?page=40');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/holders?page=${pages}`);
    await page.locator(`.results[aria-busy="false"][data-query*="offset=${(pages - 1) * 25}"]`).waitFor();
    expect(await page.locator('.pager-status').textContent()).toMatch(new RegExp(`^\\d+ ішінен ${(pages - 1) * 25 + 1}–\\d+ көрсетілген · ${pages} беттің ${pages}-беті$`));

    // Search by customer id, then the CSV of exactly what is listed.
    await search(page, 'customer-e2e-1');
    const listed = await rowsOf(page);
    expect(listed.map((r) => r.principal).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `customer-e2e-1${i}`));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /CSV экспорттау \(10 жол\)/ }).click()]);
    expect(download.suggestedFilename()).toBe('holders-dissemination.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('principal,subjectId,piiPrincipalId,kid,receiptId,consentTimestamp,receivedAt,countersignature');
    expect(lines.slice(1).map((l) => ({ receipt: l.split(',')[4], principal: l.split(',')[0] }))).toEqual(listed);
    await page.getByText('Дайын: 10 жол жүктеп алынды.').waitFor();

    // The shopper withdraws in the shop: gone from the list and the count at once.
    await search(page, shopper.kid);
    expect((await rowsOf(page)).length).toBe(1);
    await shopper.page.evaluate(() => window.artgradConsent!.withdraw('dissemination'));
    await expect.poll(async () => (await apiJson<{ total: number }>(`/admin/holders?purpose=dissemination&q=${shopper.kid}`)).total, { timeout: 15_000 }).toBe(0);
    await page.reload();
    await page.getByText('Ешкім табылмады.').waitFor();
    await go(page, '#/');
    await expect.poll(count).toBe(expected - 1);

    await go(page, '#/withdrawals');
    await search(page, shopper.kid);
    expect((await rowsOf(page)).map((r) => r.principal)).toEqual([shopper.kid]);
  });

  it("proof: a shopper's receipts verify in the browser, countersignature and policy hash included", async () => {
    const shopper = await grantInShop();
    const { page } = await signedIn();
    await go(page, '#/holders');
    await search(page, shopper.kid);
    await page.getByRole('link', { name: `Дәлел — ${shopper.kid}` }).click();
    await page.getByRole('heading', { name: 'Келісім дәлелі' }).waitFor();
    const summary = page.getByTestId('proof-summary');
    await summary.waitFor();
    // The link carried the row's receipt and list: that receipt is here and grants dissemination.
    expect(page.url()).toContain('list=holders');
    expect(await summary.textContent()).toMatch(/^Барлық 1 түбіртек тексерілді\.Тізім көрсеткен түбіртек осы тізбекте бар, .*«Дербес деректерді жалпыға .* тарату» бойынша қол қойылған шешім: келісім берілді\.$/);
    const card = page.locator('article.receipt');
    expect(await card.getAttribute('data-verified')).toBe('true');
    expect(await card.textContent()).toContain('Тізім «');
    const text = (await card.textContent())!;
    expect(text).toContain('Тексерілді');
    expect(text).toContain('кірістірілген саясатпен сәйкес');
    expect(text).toContain('осы құрылғының алғашқы түбіртегі');
    expect(text).toContain('checkbox');
    expect(text).not.toContain('ТЕКСЕРІЛМЕДІ');
    // The chain endpoint was asked for the receipts; the verdicts are the browser's own.
    await page.getByRole('link', { name: 'Тізімге оралу' }).click();
    await page.getByRole('heading', { name: 'Таратуға келісім бергендер' }).waitFor();

    // The same genuine chain, but a row naming a receipt that is not in it, or a grant shown as a withdrawal: NOT verified.
    const { receiptId } = (await apiJson<{ items: { receiptId: string }[] }>(`/admin/holders?purpose=dissemination&q=${shopper.kid}`)).items[0]!;
    const missing = '00000000-0000-4000-8000-000000000000';
    await go(page, `#/proof/${shopper.kid}?receipt=${missing}&list=holders`);
    await expect
      .poll(() => summary.textContent())
      .toBe(`ТЕКСЕРІЛМЕДІ: тізім көрсеткен түбіртек (${missing}) осы құрылғының тізбегінде жоқ.Осы құрылғының тексерілген түбіртектері: 1 ішінен 1.`);
    expect(await summary.getAttribute('class')).toContain('summary-bad');
    await go(page, `#/proof/${shopper.kid}?receipt=${receiptId}&list=withdrawals`);
    await expect.poll(() => summary.textContent()).toContain(`ТЕКСЕРІЛМЕДІ: тізім көрсеткен түбіртек (${receiptId}) тізімдегі шешімге қол қоймаған.`);
  });

  it('two forgeries put straight into the database are shown NOT verified: a tampered receipt, and a fresh key the controller never countersigned', async () => {
    // 1. Validly signed and countersigned, then one byte of its payload changed in the database.
    const victim = await nodeDevice('forged-tamper-1');
    const original = await victim.sign();
    const key = shop.receiver!.controllerKey;
    const genuineCountersignature = await countersign(await verifyReceipt(original), key.privateKey, key.publicJwk, Date.now());
    await insertRaw(tamper(original, '"forged-tamper-1"', '"forged-tamper-2"'), genuineCountersignature);

    // 2. A fresh key claiming to replace an earlier one, signed correctly, never seen by the controller.
    const intruder = await nodeDevice('forged-nocountersign');
    await insertRaw(await intruder.sign({ newKey: true }), '');

    const { page } = await signedIn();
    for (const [q, checks, why] of [
      ['forged-tamper-2', ['Құрылғы қолтаңбасы', 'RECEIPT_SIGNATURE', 'RECEIPT_COUNTERSIGNATURE'], 'құрылғы қолтаңбасы жарамсыз'],
      ['forged-nocountersign', ['Оператордың қарсы қолтаңбасы жоқ', 'жаңа кілтінің алғашқы түбіртегі'], 'оператордың жарамды қарсы қолтаңбасы жоқ'],
    ] as const) {
      await go(page, '#/holders');
      await search(page, q);
      expect((await rowsOf(page)).map((r) => r.principal)).toEqual([q]);
      await page.getByRole('link', { name: `Дәлел — ${q}` }).click();
      const summary = page.getByTestId('proof-summary');
      await summary.waitFor();
      // The row's own receipt is the forgery: the verdict names it and why.
      expect(await summary.textContent()).toMatch(new RegExp(`^ТЕКСЕРІЛМЕДІ: .*${why}.*Осы құрылғының тексерілген түбіртектері: 1 ішінен 0\\.$`));
      const card = page.locator('article.receipt');
      expect(await card.getAttribute('data-verified')).toBe('false');
      expect(await card.getByRole('heading').textContent()).toContain('ТЕКСЕРІЛМЕДІ');
      const text = (await card.textContent())!;
      for (const check of checks) expect(text, q).toContain(check);
    }
  });

  it('the chart: decisions per day as an accessible SVG with the same numbers in a table as the receiver', async () => {
    const { page } = await signedIn();
    await go(page, '#/stats');
    const chart = page.getByRole('img', { name: /күн сайынғы шешімдер/ });
    await chart.waitFor();
    expect(await page.locator('svg.chart title').count()).toBe(1);
    expect(await page.locator('svg.chart desc').textContent()).toMatch(/^30 күн\. Барлығы: Берілді \d+/);
    const tz = -new Date().getTimezoneOffset();
    const stats = await apiJson<{ purposes: { purpose: string; totals: Record<string, number> }[] }>(`/admin/stats/daily?purpose=dissemination&tzOffset=${tz}`);
    const totals = stats.purposes[0]!.totals;
    expect(totals.given).toBeGreaterThanOrEqual(30);
    const footer = await page.locator('table.chart-table tfoot td').allTextContents();
    expect(footer.map(Number)).toEqual([totals.given, totals.refused, totals.updated, totals.withdrawn, totals.given! + totals.refused! + totals.updated! + totals.withdrawn!]);
    expect(await page.locator('table.chart-table tbody tr').count()).toBe(30);
    expect(await page.locator('svg.chart rect.bar-given').count()).toBeGreaterThan(0);

    // Another period and purpose, through the form.
    await page.getByLabel('Мақсат').selectOption('processing');
    await page.getByRole('button', { name: 'Көрсету' }).click();
    await page.getByRole('img', { name: /жинау және өңдеу/ }).waitFor();
  });

  it('axe: zero violations on every screen (sign-in, dashboard, holders, withdrawals, proof, chart), in Kazakh, Russian and English', async () => {
    const { page } = await openConsole({ bypassCSP: true });
    const check = async (state: string) => {
      await page.locator('#page-title').waitFor();
      // Every loading notice gone (two panels may be loading at once: not one locator's `waitFor`).
      await expect.poll(() => page.locator('.notice[role="status"]').filter({ hasText: /Жүктелуде|Загрузка|Loading|тексерілуде|проверяются|Verifying/ }).count()).toBe(0);
      const { violations } = await axeViolations(page);
      expect(violations, formatViolations(state, violations)).toEqual([]);
    };
    await check('sign-in');
    await page.getByLabel('Әкімші токені').fill('x y');
    await page.getByRole('button', { name: 'Кіру' }).click();
    await page.locator('.field-error').waitFor();
    await check('sign-in with an error');
    await signIn(page);
    await page.getByRole('switch').waitFor();
    const kid = (await apiJson<{ items: { kid: string; receiptId: string }[] }>('/admin/holders?purpose=dissemination&limit=1')).items[0]!;
    for (const language of ['kk', 'ru', 'en']) {
      await page.getByLabel(/^(Тіл|Язык|Language)$/).selectOption(language);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
      await go(page, '#/');
      await page.getByRole('switch').waitFor();
      await check(`${language} dashboard`);
      await go(page, '#/holders');
      await page.locator('table.people').waitFor();
      await check(`${language} holders`);
      await go(page, '#/withdrawals');
      await page.locator('table.people, p.empty').first().waitFor();
      await check(`${language} withdrawals`);
      await go(page, `#/proof/${kid.kid}?receipt=${kid.receiptId}`);
      await page.getByTestId('proof-summary').waitFor();
      await check(`${language} proof`);
      await go(page, '#/stats');
      await page.locator('svg.chart').waitFor();
      await check(`${language} chart`);
    }
    await page.getByLabel('Language').selectOption('kk');
  });

  it('keyboard only: sign in, switch the request off and on, reach the holders and a proof', async () => {
    const { page } = await openConsole();
    const tabTo = async (matches: () => boolean | Promise<boolean>, max = 40, key = 'Tab') => {
      for (let i = 0; i < max; i++) {
        if (await matches()) return;
        await page.keyboard.press(key);
      }
      throw new Error('focus never got there');
    };
    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', role: document.activeElement?.getAttribute('role') ?? '', text: document.activeElement?.textContent ?? '' }));
    await tabTo(async () => (await focused()).id === 'admin-token');
    await page.keyboard.type(ALICE.token);
    await page.keyboard.press('Enter');
    await page.getByText('Кірген: alice').waitFor();
    await tabTo(async () => (await focused()).role === 'switch');
    const toggle = page.getByRole('switch');
    const before = await toggle.getAttribute('aria-checked');
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).not.toBe(before);
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe(before);
    // Back up from the switch to the navigation above it.
    await tabTo(async () => (await focused()).text === 'Келісім бергендер', 40, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('table.people').waitFor();
    // Focus moved to the new screen's heading.
    expect((await focused()).id).toBe('page-title');
    await tabTo(async () => (await focused()).text.startsWith('Дәлел'), 80);
    await page.keyboard.press('Enter');
    await page.getByTestId('proof-summary').waitFor();
    expect((await focused()).id).toBe('page-title');
  });

  it('the skip link moves focus to the main content and keeps the screen (no navigation to #main)', async () => {
    const { page } = await signedIn();
    await go(page, '#/stats?purpose=processing');
    await page.locator('svg.chart').waitFor();
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.evaluate(() => location.hash)).toBe('#/stats?purpose=processing');
    expect(await page.locator('svg.chart').count()).toBe(1);
  });

  it('strict CSP, not bypassed: every screen renders with no violation and no console error', async () => {
    const { page, errors, csp } = await signedIn();
    const kid = (await apiJson<{ items: { kid: string }[] }>('/admin/holders?purpose=dissemination&limit=1')).items[0]!.kid;
    const response = await page.request.get(consoleUrl());
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'; style-src 'self'");
    for (const hash of ['#/', '#/holders', '#/withdrawals', `#/proof/${kid}`, '#/stats', '#/requests?status=']) {
      await go(page, hash);
      await page.locator('main .notice[role="status"]').filter({ hasText: /Жүктелуде|тексерілуде/ }).waitFor({ state: 'detached' });
    }
    expect(await csp()).toEqual([]);
    expect(await page.locator('[style]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
