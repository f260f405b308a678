// Layout and loading behaviour of the script tag on the served demo shop, in real Chromium:
// no layout shift when the banner appears, no blocked first paint, nothing the strict CSP refuses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { banner, bannerHost, confirmStep, launch, PROCESSING, serveShop, toConfirmStep, type Shop, type Visit } from './harness.js';
import { finalCls, installCls } from './vitals.js';

let shop: Shop;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  shop = await serveShop();
  browser = await launch();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** A fresh context; `prepare` runs on the page before it navigates (init scripts, routes). */
async function fresh(options: Parameters<Browser['newContext']>[0], prepare: (page: Page) => Promise<void>): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text());
  });
  await prepare(page);
  return { context, page, errors };
}

/** Records, on the page's clock, when the site-wide element and its banner first exist. */
function watchMount(): void {
  const w = window as any;
  const mount: { host?: number; banner?: number; scriptLoaded?: number } = {};
  w.__mount = mount;
  const check = () => {
    const host = document.querySelector('artgrad-consent:not([mode="inline"])');
    if (host && mount.host === undefined) mount.host = performance.now();
    if (w.artgradConsent && mount.scriptLoaded === undefined) mount.scriptLoaded = performance.now();
    if (host?.shadowRoot?.querySelector('section.banner') && mount.banner === undefined) mount.banner = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  const frame = () => {
    check();
    if (mount.banner === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// ------------------------------------------------------------------ 1. CLS

describe('cumulative layout shift', () => {
  it.each([
    ['desktop', { width: 1100, height: 800 }],
    ['tall desktop', { width: 1280, height: 1300 }],
    ['phone', { width: 390, height: 700 }],
    // Tall enough that the checkout form's inline control, which mounts with the banner, is in view.
    ['tall phone', { width: 390, height: 1900 }],
  ] as const)('is exactly 0 while the banner appears (%s)', async (_, viewport) => {
    const { page } = await fresh({ bypassCSP: true, viewport }, (p) => installCls(p));
    await page.goto(shop.url);
    await banner(page).waitFor();
    // Let the banner, the inline control and the reserved space settle over a few frames.
    await page.locator('artgrad-consent[mode="inline"] fieldset').waitFor({ state: 'attached' });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    const { value, probe } = await finalCls(page);
    expect(probe.reports.length, 'web-vitals reported nothing').toBeGreaterThan(0);
    expect(value, `layout shifts: ${JSON.stringify(probe.shifts)}`).toBe(0);
    expect(probe.shifts.filter((s) => !s.hadRecentInput), 'raw layout-shift entries').toEqual([]);
  });

  it('control: a 200 px block inserted at the top of <main> after load gives CLS > 0', async () => {
    const { page } = await fresh({ bypassCSP: true }, (p) => installCls(p));
    await page.goto(shop.url);
    await banner(page).waitFor();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    await page.evaluate(() => {
      const block = document.createElement('div');
      block.className = 'cls-control';
      block.textContent = 'control';
      // A style property, not a style attribute: the property is set through CSSOM.
      block.style.height = '200px';
      document.querySelector('main')!.prepend(block);
    });
    await page.waitForFunction(() => (window as any).__cls.reports.some((v: number) => v > 0));
    const { value, probe } = await finalCls(page);
    expect(value, JSON.stringify(probe.shifts)).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------ reserved space

/** Geometry at the bottom of the fully scrolled page: the fixed box, the spacer, the footer's controls. */
const bottomGeometry = (page: Page, selector: string) =>
  page.evaluate(async (selector) => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const box = document.querySelector('artgrad-consent:not([mode="inline"])')!.shadowRoot!.querySelector(selector)!;
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const fixed = rect(box);
    const covered = [...document.querySelectorAll('footer a, footer button, footer p')]
      .map((el) => ({ what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`, r: rect(el) }))
      .filter(({ r }) => r.bottom > fixed.top && r.top < fixed.bottom && r.right > fixed.left && r.left < fixed.right)
      .map(({ what, r }) => `${what} ${JSON.stringify(r)}`);
    return {
      fixed,
      fromBottom: innerHeight - fixed.top,
      spacer: getComputedStyle(document.body, '::after').height,
      scrollPadding: getComputedStyle(document.documentElement).scrollPaddingBottom,
      covered,
    };
  }, selector);

describe('space reserved under the fixed parts', () => {
  it.each([
    ['desktop', { width: 1100, height: 800 }],
    ['phone', { width: 390, height: 700 }],
  ] as const)('banner (%s): at the bottom of the page nothing of the footer is under it', async (_, viewport) => {
    const { page } = await fresh({ viewport }, async () => {});
    await page.goto(shop.url);
    await banner(page).waitFor();
    await page.waitForFunction(() => getComputedStyle(document.body, '::after').height !== 'auto');
    const g = await bottomGeometry(page, 'section.banner');
    expect(parseFloat(g.spacer), JSON.stringify(g)).toBeGreaterThanOrEqual(g.fromBottom);
    expect(g.covered, JSON.stringify(g)).toEqual([]);
  });

  it.each([
    ['desktop', { width: 1100, height: 800 }],
    ['phone', { width: 390, height: 700 }],
  ] as const)('reopen button after a decision (%s): its space is reserved too, nothing of the footer is under it', async (_, viewport) => {
    const { page } = await fresh({ viewport }, async () => {});
    await page.goto(shop.url);
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await bannerHost(page).locator('button.reopen').waitFor();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    const g = await bottomGeometry(page, '.reopen');
    // reserve.ts / _watchReserve: `.banner, .reopen` is what the widget means to keep clear.
    expect(g.spacer, `no spacer for the reopen button: ${JSON.stringify(g)}`).not.toBe('auto');
    expect(parseFloat(g.spacer), JSON.stringify(g)).toBeGreaterThanOrEqual(g.fromBottom);
    expect(g.covered, `footer content under the reopen button: ${JSON.stringify(g)}`).toEqual([]);
  });
});

// ------------------------------------------------------------------ 2. first paint

const paintTimes = (page: Page) =>
  page.evaluate(() => {
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/artgrad-consent.js')) as PerformanceResourceTiming | undefined;
    return {
      fcp: fcp?.startTime ?? null,
      scriptResponseEnd: script?.responseEnd ?? null,
      mount: (window as any).__mount as { host?: number; banner?: number; scriptLoaded?: number },
    };
  });

describe('the banner does not block the first paint', () => {
  // Whether an async script that arrives at once runs before or after the first paint is the
  // browser's choice (under load it can run first), so ordering is proved with the script held
  // back, below; here only that the tag is async and the page's own content is there.
  it('the script tag is async, and the page shows its own content along with the banner', async () => {
    const { page } = await fresh({}, async () => {});
    await page.goto(shop.url);
    await banner(page).waitFor();
    const script = page.locator('script[src="/artgrad-consent.js"]');
    expect(await script.count()).toBe(1);
    expect(await script.evaluate((s: HTMLScriptElement) => s.async && s.hasAttribute('async'))).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
  });

  // 3 s, with 1 s of it kept for reading the page while the script is still held: room for a loaded CI.
  it('with the script held back 3 s, the <h1> is painted long before the script arrives', async () => {
    const HOLD = 3000;
    const { page } = await fresh({}, async (p) => {
      await p.addInitScript(watchMount);
      await p.route('**/artgrad-consent.js', async (route) => {
        await new Promise((r) => setTimeout(r, HOLD));
        await route.continue();
      });
    });
    await page.goto(shop.url, { waitUntil: 'commit' });
    // While the script is still held back: the heading is laid out and first-contentful-paint happened.
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'), null, { timeout: HOLD - 1000 });
    const early = await page.evaluate(() => ({
      api: 'artgradConsent' in window,
      h1: document.querySelector('h1')?.getBoundingClientRect().height ?? 0,
    }));
    expect(early.api, 'the script should still be held back').toBe(false);
    expect(early.h1).toBeGreaterThan(0);
    await banner(page).waitFor();
    // The FCP entry can be queued a frame after the banner shows: wait for it rather than race it.
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'));
    const t = await paintTimes(page);
    expect(t.fcp!, JSON.stringify(t)).toBeLessThan(HOLD);
    expect(t.mount.scriptLoaded!, JSON.stringify(t)).toBeGreaterThan(HOLD);
    expect(t.fcp!).toBeLessThan(t.mount.banner!);
  });

  it('control: the same script without async, held back 1.5 s, does delay the first paint', async () => {
    const HOLD = 1500;
    const { page } = await fresh({}, async (p) => {
      await p.addInitScript(watchMount);
      await p.route('**/artgrad-consent.js', async (route) => {
        await new Promise((r) => setTimeout(r, HOLD));
        await route.continue();
      });
      await p.route(/\/$/, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/(<script src="\/artgrad-consent\.js"[^>]*?) async>/, '$1>');
        expect(body).not.toMatch(/artgrad-consent\.js"[^>]* async/);
        await route.fulfill({ response, body });
      });
    });
    await page.goto(shop.url);
    await banner(page).waitFor();
    // The FCP entry can be queued a frame after the banner shows: wait for it rather than race it.
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'));
    const t = await paintTimes(page);
    expect(t.fcp, JSON.stringify(t)).not.toBeNull();
    expect(t.fcp!, `a blocking script must hold the first paint: ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(HOLD);
  });
});

// ------------------------------------------------------------------ 3. strict CSP

function listenForViolations(): void {
  const w = window as any;
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
  );
}

/** Elements with a `style` attribute in the open shadow roots of every `<artgrad-consent>`. */
const styledInShadow = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('artgrad-consent')].flatMap((host) =>
      [...(host.shadowRoot?.querySelectorAll('[style]') ?? [])].map((el) => `${host.getAttribute('mode') ?? 'banner'}: <${el.tagName.toLowerCase()} style="${el.getAttribute('style')}">`),
    ),
  );

describe('strict CSP (served header, no bypass)', () => {
  it('banner, full text, confirmation, confirm, preferences and the inline control: no violation, no console error, no style attribute', async () => {
    const { page, errors } = await fresh({}, async (p) => void (await p.addInitScript(listenForViolations)));
    const response = await page.goto(shop.url);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'.*style-src 'self'/);
    await banner(page).waitFor();
    // The component's styles are adopted sheets, which CSP allows: prove they apply, and that
    // the space reserved under the banner (reserve.ts, also an adopted sheet) is in place.
    expect(await banner(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    await page.waitForFunction(() => getComputedStyle(document.body, '::after').height !== 'auto');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollPaddingBottom)).toMatch(/^\d+(\.\d+)?px$/);
    const styled: string[] = [];
    styled.push(...(await styledInShadow(page)));

    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    await bannerHost(page).locator('dialog.text[open] #text-title').waitFor();
    styled.push(...(await styledInShadow(page)));
    await bannerHost(page).locator('dialog.text[open]').getByRole('button', { name: 'Жабу' }).click();

    await banner(page).locator('select').selectOption('ru');
    await banner(page).getByRole('heading', { name: 'Согласие на обработку персональных данных' }).waitFor();
    await banner(page).locator('select').selectOption('kk');

    const shownAt = await toConfirmStep(page, [PROCESSING]);
    styled.push(...(await styledInShadow(page)));
    await confirmStep(page, shownAt);
    const reopen = bannerHost(page).locator('button.reopen');
    await reopen.waitFor();
    styled.push(...(await styledInShadow(page)));
    await reopen.click();
    await bannerHost(page).locator('dialog[open]').getByRole('heading', { name: 'Жеке деректер баптаулары' }).waitFor();
    styled.push(...(await styledInShadow(page)));
    await bannerHost(page).locator('dialog[open]').getByRole('button', { name: 'Жабу' }).click();
    await bannerHost(page).locator('dialog[open]').waitFor({ state: 'detached' });

    // The inline control in the checkout form shows "confirmed" now that processing is granted.
    await page.locator('artgrad-consent[mode="inline"] .done').waitFor();
    styled.push(...(await styledInShadow(page)));

    const violations = await page.evaluate(() => (window as any).__violations as string[]);
    expect(violations, 'securitypolicyviolation events').toEqual([]);
    expect(errors, 'page and console errors').toEqual([]);
    expect(styled, 'style attributes in the shadow roots').toEqual([]);

    // Control: the listener does hear a violation when there is one.
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      document.body.append(div);
    });
    await page.waitForFunction(() => (window as any).__violations.length > 0);
    expect((await page.evaluate(() => (window as any).__violations as string[]))[0]).toMatch(/style-src/);
  });
});
