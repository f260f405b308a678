// The marketer console as the e2e tests open it: a fresh context with CSP violations recorded
// from the first script on, and the sign-in with a named admin token.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { visit } from './harness.js';

export interface ConsolePage {
  page: Page;
  errors: string[];
  /** The CSP violations seen so far (`violatedDirective blockedURI`). */
  csp(): Promise<string[]>;
}

/** Opens `url` (the console, with any hash) in a new context, which `contexts` keeps for closing. */
export async function openConsole(browser: Browser, url: string, contexts: BrowserContext[], options: { bypassCSP?: boolean } = {}): Promise<ConsolePage> {
  const v = await visit(browser, 'about:blank', { bypassCSP: options.bypassCSP ?? false });
  contexts.push(v.context);
  await v.page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await v.page.goto(url);
  return { page: v.page, errors: v.errors, csp: () => v.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Әкімші токені').fill(token);
  await page.getByRole('button', { name: 'Кіру' }).click();
}

/** Opens the console and signs in as `admin`, waiting until the console names them. */
export async function signedIn(browser: Browser, url: string, contexts: BrowserContext[], admin: { name: string; token: string }, options: { bypassCSP?: boolean } = {}): Promise<ConsolePage> {
  const opened = await openConsole(browser, url, contexts, options);
  await signIn(opened.page, admin.token);
  await opened.page.getByText(`Кірген: ${admin.name}`).waitFor();
  return opened;
}
