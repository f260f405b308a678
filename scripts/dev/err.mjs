import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.js';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:5173/');
await page.waitForTimeout(500);
console.log(await page.evaluate(async () => {
  window.artgradConsent.on('error', (e) => console.log('SDK error', e.code, e.message));
  const host = document.querySelector('artgrad-consent:not([mode=inline])');
  return 'ok';
}));
await page.locator('artgrad-consent:not([mode=inline])').getByRole('button', { name: 'Бас тартамын' }).click();
await page.waitForTimeout(1000);
console.log(await page.evaluate(() => window.artgradConsent.getAll()));
await browser.close();
