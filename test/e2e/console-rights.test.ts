// The console's rights-request queue (issue 12) in Chromium against the real receiver: a request
// made by a shopper's device, the queue with its deadline said in words, one request in full,
// a reasoned refusal recorded with the admin's name, the CSV, axe and the strict CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { createDevice } from '../../packages/receiver/test/fixtures/device.js';
import { axeViolations, formatViolations } from './axe.js';
import { signedIn as signedInAs } from './console-page.js';
import { CONSOLE_DIR, launch, serveShop, type Shop } from './harness.js';

const ALICE = { name: 'alice', token: 'alice-console-token-0123456789' };
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

const signedIn = (bypassCSP: boolean) => signedInAs(browser, `${shop.url}console/#/requests`, contexts, ALICE, { bypassCSP });

/** A shopper's device files a blocking request (23.3), straight to the receiver. */
async function blockingRequest() {
  const device = await createDevice();
  const sent = await fetch(`${shop.url}api/rights-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(await device.rightsRequest('blocking', { extra: { replyTo: '+7 701 555 44 33' } })),
  });
  expect(sent.status).toBe(201);
  return device;
}

describe('the console’s rights requests', () => {
  it('queues a shopper’s request, opens it, records a reasoned refusal with the admin’s name, and exports the queue; axe finds nothing', async () => {
    const device = await blockingRequest();
    const { page } = await signedIn(true);
    await page.getByRole('link', { name: 'Сұраныстар' }).click();
    await page.getByRole('heading', { name: 'Сатып алушылардың сұраныстары' }).waitFor();
    const row = page.getByRole('row', { name: /Бұғаттау \(23\.3\)/ });
    await row.waitFor();
    // Received today, one working day: not yet overdue; its status in words.
    await expect(row.textContent()).resolves.toContain('Қабылданды');
    const queueAxe = await axeViolations(page);
    expect(queueAxe.violations, formatViolations("queue", queueAxe.violations)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV жүктеп алу' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,kind,item,status,/);
    expect(csv).toContain(',blocking,23.3,received,');

    await row.getByRole('link', { name: /Ашу/ }).click();
    await page.getByRole('heading', { name: /Сұраныс: Бұғаттау/ }).waitFor();
    await page.getByText('+77015554433').waitFor();
    const detailAxe = await axeViolations(page);
    expect(detailAxe.violations, formatViolations("request", detailAxe.violations)).toEqual([]);
    // Keyboard only: to the refusal's reason, typed, submitted with Enter on its button.
    await page.getByLabel('Себебі (міндетті)').focus();
    await page.keyboard.type('Шарттардың бұзылғаны расталмады');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Сұраныс жабық: одан әрі әрекет жоқ.').waitFor();
    await expect(page.locator('ol.events').textContent()).resolves.toMatch(/Бас тартылды — alice/);
    // The shopper's device reads the refusal and its reason.
    const own = await fetch(`${shop.url}api/rights-requests`, { headers: { authorization: await device.prove('GET', '/rights-requests') } });
    const [seen] = ((await own.json()) as { requests: { status: string; events: { text: string }[] }[] }).requests;
    expect(seen).toMatchObject({ status: 'refused', events: [{ text: 'Шарттардың бұзылғаны расталмады' }] });
  });

  it('renders under the strict CSP with no violation and no console error', async () => {
    await blockingRequest();
    const { page, errors, csp } = await signedIn(false);
    await page.getByRole('heading', { name: 'Сатып алушылардың сұраныстары' }).waitFor();
    await page.getByLabel('Күйі').selectOption('');
    await page.getByRole('button', { name: 'Көрсету' }).click();
    await page.getByRole('row', { name: /Бұғаттау/ }).first().getByRole('link', { name: /Ашу/ }).click();
    await page.getByRole('heading', { name: /Сұраныс: Бұғаттау/ }).waitFor();
    expect(await csp()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
