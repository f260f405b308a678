// Accessibility of the banner, its dialogs and the inline form control, in real Chromium against
// the built script tag on the served demo shop: axe-core (WCAG 2.0–2.2 A/AA), the equal look of
// agree and refuse, target sizes (2.5.8), focus not obscured (2.4.11) and a keyboard-only path.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { banner, bannerHost, confirmStep, launch, PROCESSING, records, serveShop, toConfirmStep, visit, waitUntilPageTime, paintedAt, type Shop } from './harness.js';
import { axeViolations, formatViolations } from './axe.js';

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

/** A fresh context on the shop, with the banner showing. `bypassCSP` only where axe is injected. */
async function open(options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const v = await visit(browser, shop.url, options);
  contexts.push(v.context);
  await banner(v.page).waitFor();
  return v.page;
}

const dialogHeading = (page: Page, name: string | RegExp) => bannerHost(page).locator('dialog[open]').getByRole('heading', { name, exact: typeof name === 'string' });

/** Gives consent to processing through the banner and waits for the reopen button. */
async function decideProcessing(page: Page): Promise<void> {
  const shownAt = await toConfirmStep(page, [PROCESSING]);
  await confirmStep(page, shownAt);
  await bannerHost(page).locator('button.reopen').waitFor();
}

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations, shadowNodes } = await axeViolations(page);
  expect(violations, formatViolations(state, violations)).toEqual([]);
  // axe must actually have looked inside the open shadow roots, or "zero" proves nothing.
  expect(shadowNodes, `${state}: axe checked no node inside a shadow root`).toBeGreaterThan(0);
}

// ------------------------------------------------------------------ 1. axe-core, every state

describe('axe-core: zero WCAG 2.0/2.1/2.2 A and AA violations', () => {
  it('banner shown (Kazakh)', async () => {
    const page = await open({ bypassCSP: true });
    await expectNoAxeViolations(page, 'banner (kk)');
  });

  it('full text dialog open', async () => {
    const page = await open({ bypassCSP: true });
    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    await bannerHost(page).locator('dialog.text[open] #text-title').waitFor();
    await expectNoAxeViolations(page, 'full text dialog');
  });

  it('confirmation step', async () => {
    const page = await open({ bypassCSP: true });
    await toConfirmStep(page, [PROCESSING]);
    await expectNoAxeViolations(page, 'confirmation step');
  });

  it('preferences (reopened after a decision)', async () => {
    const page = await open({ bypassCSP: true });
    await decideProcessing(page);
    await bannerHost(page).getByRole('button', { name: 'Жеке деректер', exact: true }).click();
    await dialogHeading(page, 'Жеке деректер баптаулары').waitFor();
    await expectNoAxeViolations(page, 'preferences');
  });

  it('inline form control in the checkout form', async () => {
    const page = await open({ bypassCSP: true });
    // The banner's decision first (refusing records nothing for processing), so that the page
    // under test is the checkout form with its inline control, not the banner again.
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await banner(page).waitFor({ state: 'detached' });
    const inline = page.locator('artgrad-consent[mode="inline"]');
    await inline.locator('fieldset.inline').scrollIntoViewIfNeeded();
    expect(await inline.getByRole('switch', { name: PROCESSING }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'inline control');
  });

  for (const [language, title] of [
    ['ru', 'Согласие на обработку персональных данных'],
    ['en', 'Consent to the processing of personal data'],
  ] as const) {
    it(`banner in ${language === 'ru' ? 'Russian' : 'English'} (chosen in the banner's language select)`, async () => {
      const page = await open({ bypassCSP: true });
      await banner(page).locator('select').selectOption(language);
      await banner(page).getByRole('heading', { name: title }).waitFor();
      expect(await bannerHost(page).locator(`[lang="${language}"] section.banner`).count()).toBe(1);
      await expectNoAxeViolations(page, `banner (${language})`);
    });
  }
});

// ------------------------------------------------------------------ 2. agree and refuse alike

function luminance([r, g, b]: number[]): number {
  const [R, G, B] = [r!, g!, b!].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
}

function parseRgb(value: string): number[] {
  const m = value.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`not an rgb() colour: ${value}`);
  const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
  return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
}

export function contrast(fg: string, bg: string): number {
  const a = luminance(parseRgb(fg));
  const b = luminance(parseRgb(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

describe('agree and refuse look alike', () => {
  it('"Келісемін" and "Бас тартамын" (and their ru/en versions) have equal size, font and colours, contrast ≥ 4.5', async () => {
    const page = await open();
    for (const language of ['kk', 'ru', 'en'] as const) {
      if (language !== 'kk') await banner(page).locator('select').selectOption(language);
      await page.waitForFunction((l) => document.querySelector('artgrad-consent:not([mode="inline"])')?.shadowRoot?.querySelector(`[lang="${l}"] section.banner`), language);
      const look = await page.evaluate(() => {
        const root = document.querySelector('artgrad-consent:not([mode="inline"])')!.shadowRoot!;
        const read = (part: string) => {
          const el = root.querySelector<HTMLElement>(`section.banner [part~="${part}"]`)!;
          const cs = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return {
            text: el.textContent!.trim(),
            width: r.width,
            height: r.height,
            computedWidth: cs.width,
            computedHeight: cs.height,
            fontSize: cs.fontSize,
            fontWeight: cs.fontWeight,
            fontFamily: cs.fontFamily,
            color: cs.color,
            backgroundColor: cs.backgroundColor,
            borderColor: cs.borderTopColor,
            opacity: cs.opacity,
          };
        };
        return { agree: read('agree'), refuse: read('refuse') };
      });
      const { agree, refuse } = look;
      const msg = `${language}: ${JSON.stringify(look)}`;
      expect(agree.text, msg).not.toBe(refuse.text);
      expect(Math.abs(agree.width - refuse.width), msg).toBeLessThan(0.01);
      expect(Math.abs(agree.height - refuse.height), msg).toBeLessThan(0.01);
      for (const key of ['computedWidth', 'computedHeight', 'fontSize', 'fontWeight', 'fontFamily', 'color', 'backgroundColor', 'borderColor', 'opacity'] as const) {
        expect(refuse[key], `${language} ${key}: ${msg}`).toBe(agree[key]);
      }
      // Opaque colours only: a translucent background would make the computed pair meaningless.
      expect(parseRgb(agree.backgroundColor)[3], msg).toBe(1);
      expect(parseRgb(agree.color)[3], msg).toBe(1);
      const ratio = contrast(agree.color, agree.backgroundColor);
      expect(ratio, `${language}: contrast ${ratio.toFixed(2)} of ${agree.color} on ${agree.backgroundColor}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(refuse.color, refuse.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

// ------------------------------------------------------------------ 3. target size (2.5.8)

interface Target {
  layer: string;
  what: string;
  width: number;
  height: number;
  inlineInSentence: boolean;
}

/** Every visible interactive element in the given layer of the banner host's shadow root. */
function measureTargets(page: Page, layer: string, selector: string): Promise<Target[]> {
  return page.evaluate(
    ([layer, selector]) => {
      const root = document.querySelector('artgrad-consent:not([mode="inline"])')!.shadowRoot!;
      const box = root.querySelector(selector);
      if (!box) throw new Error(`${layer}: ${selector} not found`);
      const interactive = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"]), [role="switch"], [role="button"], [role="link"]';
      return [...box.querySelectorAll<HTMLElement>(interactive)]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => {
          const r = el.getBoundingClientRect();
          // The inline exception: a target inside a sentence, i.e. its paragraph has words of its own.
          const parent = el.parentElement;
          const ownText = parent
            ? [...parent.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' ')
            : '';
          const inlineInSentence = !!parent && parent.tagName === 'P' && getComputedStyle(el).display.startsWith('inline') && ownText.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 2;
          const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) || el.getAttribute('name') || '';
          const what = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}${el.className ? `.${el.className.split(' ').join('.')}` : ''} "${name}"`;
          return { layer, what, width: r.width, height: r.height, inlineInSentence };
        });
    },
    [layer, selector] as const,
  );
}

describe('target size (WCAG 2.5.8): every target is at least 24×24 CSS px', () => {
  it('banner, full text, confirmation, preferences and the reopen button', async () => {
    const page = await open();
    const checked: Target[] = [];
    checked.push(...(await measureTargets(page, 'banner', 'section.banner')));

    await banner(page).getByRole('button', { name: 'Толық мәтін' }).click();
    await bannerHost(page).locator('dialog.text[open] #text-title').waitFor();
    checked.push(...(await measureTargets(page, 'full text', 'dialog.text[open]')));
    await bannerHost(page).locator('dialog.text[open]').getByRole('button', { name: 'Жабу' }).click();
    await bannerHost(page).locator('dialog.text[open]').waitFor({ state: 'detached' });

    const shownAt = await toConfirmStep(page, [PROCESSING]);
    checked.push(...(await measureTargets(page, 'confirmation', 'dialog[open]')));
    await confirmStep(page, shownAt);

    const reopen = bannerHost(page).locator('button.reopen');
    await reopen.waitFor();
    checked.push(...(await measureTargets(page, 'reopen', 'div')).filter((t) => t.what.includes('reopen')));
    await reopen.click();
    await dialogHeading(page, 'Жеке деректер баптаулары').waitFor();
    checked.push(...(await measureTargets(page, 'preferences', 'dialog[open]')));

    const table = checked
      .map((t) => `${t.layer.padEnd(13)} ${t.what.padEnd(60)} ${t.width.toFixed(1)}×${t.height.toFixed(1)}${t.inlineInSentence ? '  (inline in a sentence: exception)' : ''}`)
      .join('\n');
    console.log(`target sizes checked:\n${table}`);

    // What must have been checked, so that an empty list cannot pass.
    for (const layer of ['banner', 'full text', 'confirmation', 'reopen', 'preferences']) {
      expect(checked.some((t) => t.layer === layer), `nothing checked in ${layer}\n${table}`).toBe(true);
    }
    for (const name of ['Келісемін', 'Бас тартамын', 'Растау', 'Артқа', 'Сақтау', 'Жабу', 'Жеке деректер']) {
      expect(checked.some((t) => t.what.includes(`"${name}`)), `"${name}" was not checked\n${table}`).toBe(true);
    }
    expect(checked.filter((t) => t.what.includes('role=switch')).length, table).toBeGreaterThanOrEqual(4);
    expect(checked.some((t) => t.what.startsWith('select')), table).toBe(true);
    expect(checked.some((t) => t.what.includes('confirm-check') || (t.what.startsWith('input') && t.layer === 'confirmation' && !t.what.includes('switch'))), table).toBe(true);

    const small = checked.filter((t) => !t.inlineInSentence && (t.width < 24 || t.height < 24));
    expect(small.map((t) => `${t.layer}: ${t.what} ${t.width.toFixed(1)}×${t.height.toFixed(1)}`), `targets under 24×24\n${table}`).toEqual([]);
  });
});

// ------------------------------------------------------------------ 4. focus not obscured (2.4.11)

interface FocusStep {
  /** `banner` when focus is inside the site-wide element, `body` when on nothing. */
  where: 'banner' | 'page' | 'body';
  what: string;
  rect: { top: number; bottom: number; left: number; right: number } | null;
  banner: { top: number; bottom: number; left: number; right: number } | null;
  viewport: { width: number; height: number };
  inDialog: boolean;
}

/** The deepest focused element and where it is; the banner's rect for comparison. */
function focusStep(page: Page, cover = 'section.banner'): Promise<FocusStep> {
  return page.evaluate((cover) => {
    const host = document.querySelector('artgrad-consent:not([mode="inline"])');
    const sectionBanner = host?.shadowRoot?.querySelector(cover);
    const plain = (r: DOMRect) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right });
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const viewport = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
    const b = sectionBanner ? plain(sectionBanner.getBoundingClientRect()) : null;
    if (!el || el === document.body || el === document.documentElement) return { where: 'body', what: 'body', rect: null, banner: b, viewport, inDialog: false };
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) || el.getAttribute('name') || '';
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''} "${name}"`;
    return {
      where: document.activeElement === host ? 'banner' : 'page',
      what,
      rect: plain(el.getBoundingClientRect()),
      banner: b,
      viewport,
      inDialog: !!el.closest('dialog[open]'),
    };
  }, cover);
}

/** Whether some of `r` is on screen and outside `cover`; both rects in viewport coordinates. */
function partlyVisible(r: FocusStep['rect'] & {}, cover: FocusStep['banner'], viewport: FocusStep['viewport']): boolean {
  const v = { top: Math.max(r.top, 0), bottom: Math.min(r.bottom, viewport.height), left: Math.max(r.left, 0), right: Math.min(r.right, viewport.width) };
  if (v.bottom <= v.top || v.right <= v.left) return false; // off screen
  if (!cover) return true;
  return !(v.top >= cover.top && v.bottom <= cover.bottom && v.left >= cover.left && v.right <= cover.right);
}

/**
 * Tabs through the whole page (≥ 40 presses and until focus comes round again); records page
 * elements that are entirely hidden under `cover` (in the banner host's shadow root).
 */
async function tabThroughPage(page: Page, cover = 'section.banner') {
  const seen: string[] = [];
  const hidden: string[] = [];
  const pageElements = new Set<string>();
  let first: string | null = null;
  let cycled = false;
  let presses = 0;
  let bannerAlways = true;
  while ((presses < 40 || !cycled) && presses < 200) {
    await page.keyboard.press('Tab');
    presses++;
    const step = await focusStep(page, cover);
    seen.push(`${step.where}: ${step.what}`);
    if (!step.banner) bannerAlways = false;
    if (step.where === 'page' && step.rect) {
      pageElements.add(step.what);
      if (!partlyVisible(step.rect, step.banner, step.viewport)) {
        hidden.push(`Tab ${presses}: ${step.what} at ${JSON.stringify(step.rect)} is hidden (banner ${JSON.stringify(step.banner)}, viewport ${JSON.stringify(step.viewport)})`);
      }
    }
    if (step.where === 'body') continue;
    const key = `${step.where}: ${step.what}`;
    if (first === null) first = key;
    else if (key === first && pageElements.size > 0) cycled = true;
  }
  return { hidden, pageElements, cycled, presses, first, bannerAlways, log: seen.map((s, i) => `${i + 1}. ${s}`).join('\n') };
}

describe('focus not obscured (WCAG 2.4.11) while the banner shows', () => {
  it.each([
    ['desktop', { width: 1100, height: 800 }],
    ['phone', { width: 390, height: 700 }],
  ] as const)('Tab through the whole page (%s): no focused page element is hidden under the banner', async (_, viewport) => {
    const page = await open({ viewport });
    const walk = await tabThroughPage(page);
    expect(walk.bannerAlways, 'the banner must keep showing while tabbing').toBe(true);
    expect(walk.cycled, `focus never came back to ${walk.first} in ${walk.presses} presses\n${walk.log}`).toBe(true);
    // The whole page was walked: its last controls are exactly the ones the banner could hide.
    for (const expected of ['a "ArtGrad"', 'button "Тапсырыс беру"', 'button#privacy', 'input "name"', 'a "Жоғарыға"', '[part=switch] "processing"']) {
      expect([...walk.pageElements].some((w) => w.includes(expected)), `never focused ${expected}\n${walk.log}`).toBe(true);
    }
    expect(walk.hidden, `focused elements hidden under the banner:\n${walk.hidden.join('\n')}\n\nfocus order:\n${walk.log}`).toEqual([]);
  });

  it.each([
    ['desktop', { width: 1100, height: 800 }],
    ['phone', { width: 390, height: 700 }],
  ] as const)('after a decision (%s): no focused page element is hidden under the reopen button', async (_, viewport) => {
    const page = await open({ viewport });
    await banner(page).getByRole('button', { name: 'Бас тартамын' }).click();
    await bannerHost(page).locator('button.reopen').waitFor();
    await page.locator('body').focus();
    const walk = await tabThroughPage(page, '.reopen');
    expect(walk.bannerAlways, 'the reopen button must keep showing').toBe(true);
    expect(walk.cycled, walk.log).toBe(true);
    expect([...walk.pageElements].some((w) => w.includes('button#privacy')), walk.log).toBe(true);
    expect(walk.hidden, `focused elements hidden under the reopen button:\n${walk.hidden.join('\n')}\n\nfocus order:\n${walk.log}`).toEqual([]);
  });

  it('control: without the reserved space the same walk does find hidden elements', async () => {
    const page = await open();
    // Cancel what reserve.ts adds (an adopted sheet: no CSP exemption needed).
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('html{scroll-padding-bottom:0 !important}body::after{display:none !important}');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    const walk = await tabThroughPage(page);
    expect(walk.cycled).toBe(true);
    expect(walk.hidden.length, `the check should have caught the footer under the banner\n${walk.log}`).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------ 5. keyboard only

/** Presses `key` until the focused element matches, at most `max` times; returns what had focus. */
async function pressUntil(page: Page, key: string, match: (what: string) => boolean, max = 15): Promise<string[]> {
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const { what } = await focusStep(page);
    trail.push(what);
    if (match(what)) return trail;
  }
  throw new Error(`${key} ×${max} never reached the target; focus went: ${trail.join(' → ')}`);
}

/** Tab and Shift+Tab `n` times each; every focused element must be inside the open dialog. */
async function expectTrapped(page: Page, label: string, n = 15): Promise<void> {
  const escapes: string[] = [];
  const visited = new Set<string>();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < n; i++) {
      await page.keyboard.press(key);
      const step = await focusStep(page);
      visited.add(step.what);
      if (!(step.where === 'banner' && step.inDialog)) escapes.push(`${key} #${i + 1}: ${step.where} ${step.what}`);
    }
  }
  expect(escapes, `${label}: focus left the modal dialog`).toEqual([]);
  expect(visited.size, `${label}: Tab moved focus nowhere`).toBeGreaterThanOrEqual(2);
}

const shadowActive = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('artgrad-consent:not([mode="inline"])')!.shadowRoot!.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent!.trim(), part: el.getAttribute('part') } : null;
  });

describe('keyboard only', () => {
  it('Tab, Space and Enter give consent to processing through the confirmation step', async () => {
    const page = await open();
    // An input has no text: focusStep names it by its `name` attribute.
    await pressUntil(page, 'Tab', (w) => w === 'input[part=switch] "processing"', 20);
    expect(await banner(page).getByRole('switch', { name: PROCESSING }).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.press('Space');
    await expect(banner(page).getByRole('switch', { name: PROCESSING }).isChecked()).resolves.toBe(true);
    await pressUntil(page, 'Tab', (w) => w.includes('agree'), 5);
    await page.keyboard.press('Enter');

    await dialogHeading(page, 'Келісімді растау').waitFor();
    const shownAt = await paintedAt(page);
    expect(await shadowActive(page)).toMatchObject({ tag: 'h2', id: 'confirm-title', text: 'Келісімді растау' });

    await expectTrapped(page, 'confirmation step');

    await waitUntilPageTime(page, shownAt, 700);
    await pressUntil(page, 'Tab', (w) => w.includes('confirm-check'), 10);
    await page.keyboard.press('Space');
    await expect(bannerHost(page).locator('[part="confirm-check"]').isChecked()).resolves.toBe(true);
    await pressUntil(page, 'Tab', (w) => w.startsWith('button#confirm'), 5);
    await page.keyboard.press('Enter');

    await page.waitForFunction(() => (window as any).artgradConsent.getAll().processing === true);
    const all = await page.evaluate(() => (window as any).artgradConsent.getAll());
    expect(all.processing).toBe(true);
    expect(all.dissemination).toBe(false);
    await bannerHost(page).locator('dialog[open]').waitFor({ state: 'detached' });
    expect((await records(page)).length).toBe(1);
    // Focus comes back to a sensible place: the reopen button (it had been on nothing before),
    // not <body>, where a keyboard user would have to start the page over.
    await page
      .waitForFunction(() => document.querySelector('artgrad-consent:not([mode="inline"])')!.shadowRoot!.activeElement?.classList.contains('reopen'), null, { timeout: 2000 })
      .catch(() => undefined);
    const after = await focusStep(page);
    expect(after.what, `after confirming, focus is on ${after.where}: ${after.what}`).toBe('button[part=reopen] "Жеке деректер"');
  });

  it('Tab and Shift+Tab stay inside the full text and preferences dialogs', async () => {
    const page = await open();
    await pressUntil(page, 'Tab', (w) => w.includes('Толық мәтін'), 10);
    await page.keyboard.press('Enter');
    await bannerHost(page).locator('dialog.text[open] #text-title').waitFor();
    await expectTrapped(page, 'full text');
    await page.keyboard.press('Escape');
    await bannerHost(page).locator('dialog.text[open]').waitFor({ state: 'detached' });
    await expect(banner(page).isVisible()).resolves.toBe(true);

    await decideProcessing(page);
    await bannerHost(page).locator('button.reopen').focus();
    await page.keyboard.press('Enter');
    await dialogHeading(page, 'Жеке деректер баптаулары').waitFor();
    await expectTrapped(page, 'preferences');
  });

  it('Escape on the confirmation step closes it and records nothing', async () => {
    const page = await open();
    await pressUntil(page, 'Tab', (w) => w === 'input[part=switch] "processing"', 20);
    await page.keyboard.press('Space');
    await pressUntil(page, 'Tab', (w) => w.includes('agree'), 5);
    await page.keyboard.press('Enter');
    await dialogHeading(page, 'Келісімді растау').waitFor();
    await page.keyboard.press('Escape');
    await bannerHost(page).locator('dialog[open]').waitFor({ state: 'detached' });
    await expect(banner(page).isVisible(), 'Escape goes back to the banner, the decision still open').resolves.toBe(true);
    expect(await records(page)).toHaveLength(0);
    // getAll() names only decided purposes: nothing decided, nothing granted.
    expect(await page.evaluate(() => (window as any).artgradConsent.getAll())).toEqual({});
  });
});
