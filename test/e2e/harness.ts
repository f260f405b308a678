// The whole-page harness: the demo shop served from Node, the built script tag, Debian's
// Chromium driven by playwright-core. Vitest browser mode runs each file in an iframe, which
// cannot show reloads, several tabs, response headers or the real script-tag path.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver, type RunningReceiver } from '@artgrad/receiver';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
// @ts-expect-error: plain ESM module without types, shared with `pnpm start`
import { startShop } from '../../examples/shop/server.mjs';

export const EMBED = fileURLToPath(new URL('../../packages/embed/dist/artgrad-consent.js', import.meta.url));
/** The marketer console's build (`pnpm build`), served by the shop under /console/ when asked. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../examples/console/dist/', import.meta.url));

export interface Shop {
  url: string;
  orders: { consent: string; receipt: string }[];
  /** The real receiver behind /api, with its SQLite database, when asked for. */
  receiver?: RunningReceiver;
  close(): Promise<void>;
}

export interface ShopOptions {
  embedPath?: string;
  pages?: Record<string, { html: string; csp?: string }>;
  /** The reference receiver (SQLite in a temp dir) behind the shop's /api; on unless `false`. */
  receiver?: boolean | Record<string, unknown>;
  /** Serve this built console directory under /console/ (`CONSOLE_DIR`). */
  consoleDir?: string;
}

export async function serveShop(options: ShopOptions = {}): Promise<Shop> {
  if (!existsSync(EMBED)) throw new Error(`${EMBED} is missing: run \`pnpm build\` first`);
  if (options.consoleDir && !existsSync(join(options.consoleDir, 'index.html'))) throw new Error(`${options.consoleDir} has no index.html: run \`pnpm build\` first`);
  const { receiver: withReceiver = true, ...shopOptions } = options;
  if (!withReceiver) return startShop({ port: 0, ...shopOptions });
  const dataDir = mkdtempSync(join(tmpdir(), 'artgrad-receiver-'));
  // Deployed as the demo is: behind the shop's /api proxy, which names the client.
  const receiver = await startReceiver({ development: true, dataDir, port: 0, trustProxy: true, logger: quiet, ...(typeof withReceiver === 'object' ? withReceiver : {}) });
  const shop = await startShop({ port: 0, receiverUrl: receiver.url, ...shopOptions });
  return {
    ...shop,
    receiver,
    async close() {
      await shop.close();
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const quiet = { info() {}, error() {} };

/** Every row of the named object stores, read straight from the page's IndexedDB in one transaction. */
function readStores(page: Page, db: string, stores: string[]): Promise<Record<string, any[]>> {
  return page.evaluate(
    ([name, names]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(names);
          const requests = names.map((n) => tx.objectStore(n).getAll());
          tx.oncomplete = () => {
            resolve(Object.fromEntries(names.map((n, i) => [n, requests[i]!.result])));
            open.result.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [db, stores] as const,
  );
}

/** Everything in the browser's outbox and dead-letter stores. */
export async function queues(page: Page, db = 'artgrad-consent'): Promise<{ outbox: string[]; dead: { id: string; error: string }[] }> {
  const { outbox, dead } = await readStores(page, db, ['outbox', 'dead']);
  return { outbox: outbox!.map((e) => e.id), dead: dead!.map((d) => ({ id: d.id, error: d.error })) };
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, for tests that must see none (or a specific one). */
  errors: string[];
}

export async function visit(browser: Browser, url: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text());
  });
  await page.goto(url);
  return { context, page, errors };
}

/** The site-wide element (not the inline one in the checkout form). */
export const bannerHost = (page: Page) => page.locator('artgrad-consent:not([mode="inline"])');
export const banner = (page: Page) => page.locator('artgrad-consent:not([mode="inline"]) section.banner');

/** Stored decision records, read straight from IndexedDB (after the SDK created the database). */
export async function records(page: Page, db = 'artgrad-consent'): Promise<Array<Record<string, any>>> {
  return (await readStores(page, db, ['records'])).records!;
}

/**
 * `performance.now()` in the page (the clock the step's 600 ms guard uses), once two more frames
 * have been drawn: when a step just shown is on screen.
 * The step's 600 ms guard counts from its first painted frame, so tests time their presses from
 * here (under load, frames lag behind the DOM).
 */
export const paintedAt = (page: Page) =>
  page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))));

/** Waits until `ms` have passed on the page's clock since `since`. */
export async function waitUntilPageTime(page: Page, since: number, ms: number): Promise<void> {
  await page.waitForFunction(([t, d]) => performance.now() - t >= d, [since, ms] as const, { polling: 25 });
}

/** Opens the confirmation step from the banner with the given purposes ticked; returns when it shows. */
export async function toConfirmStep(page: Page, purposes: RegExp[]): Promise<number> {
  for (const name of purposes) await banner(page).getByRole('switch', { name }).click();
  await banner(page).getByRole('button', { name: 'Келісемін' }).click();
  await page.getByRole('heading', { name: 'Келісімді растау' }).waitFor();
  return paintedAt(page);
}

/** Ticks the confirmation checkbox and confirms, after the guard. */
export async function confirmStep(page: Page, shownAt: number): Promise<void> {
  await waitUntilPageTime(page, shownAt, 700);
  await page.getByRole('checkbox', { name: /растаймын/ }).click();
  await page.getByRole('button', { name: 'Растау' }).click();
}

export const PROCESSING = /жинау және өңдеу/;
export const DISSEMINATION = /жалпыға қолжетімді көздерде тарату/;
