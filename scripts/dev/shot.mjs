// Refreshes docs/screenshot.png from a running demo (`npm start` first): node scripts/dev/shot.mjs [url]
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.js';

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
await page.goto(process.argv[2] ?? 'http://127.0.0.1:5173/');
await page.locator('artgrad-consent:not([mode=inline]) section.banner').waitFor();
await page.screenshot({ path: new URL('../../docs/screenshot.png', import.meta.url).pathname });
await browser.close();
