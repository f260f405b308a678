// The widget's own screens in real Chromium (vitest browser mode), without the page around them:
// each test begins with an accessibility check. The whole-page paths (script tag, CSP, reloads,
// tabs) stay in the root e2e suite.
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createConsent, memoryConsentStore, type ConsentApi } from '@artgrad/sdk';
import { defineConsentElement, type ArtgradConsentElement } from '../src/index.js';

defineConsentElement();
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function mount(): Promise<{ api: ConsentApi; el: ArtgradConsentElement; root: ShadowRoot }> {
  const api = createConsent({ mode: 'development', dbName: `widget-${crypto.randomUUID()}` }, { store: memoryConsentStore() });
  const el = document.createElement('artgrad-consent');
  el.consent = api;
  document.body.append(el);
  await api.ready();
  await el.updateComplete;
  await frame();
  await el.updateComplete;
  return { api, el, root: el.shadowRoot! };
}

async function violations(): Promise<string[]> {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: WCAG } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.length}`);
}

afterEach(() => {
  for (const el of document.querySelectorAll('artgrad-consent')) el.remove();
});

describe('<artgrad-consent> screens', () => {
  it('the banner: nothing for axe, no purpose pre-ticked, refuse as easy as agree', async () => {
    const { root } = await mount();
    expect(await violations()).toEqual([]);
    const banner = root.querySelector('[part~="banner"]')!;
    expect(banner.getAttribute('role')).toBe('dialog');
    const switches = [...root.querySelectorAll<HTMLInputElement>('input[role="switch"]')];
    expect(switches.map((s) => s.name)).toEqual(['processing', 'dissemination']);
    expect(switches.every((s) => !s.checked)).toBe(true);
    const agree = root.querySelector<HTMLElement>('[part~="agree"]')!;
    const refuse = root.querySelector<HTMLElement>('[part~="refuse"]')!;
    // Alike: the same class, the same box, side by side.
    expect(refuse.className).toBe(agree.className);
    const [a, r] = [agree.getBoundingClientRect(), refuse.getBoundingClientRect()];
    expect([Math.round(r.width), Math.round(r.height)]).toEqual([Math.round(a.width), Math.round(a.height)]);
  });

  it('agree with nothing ticked records nothing and says why; with a switch on it opens the confirmation step, and back returns', async () => {
    const { api, el, root } = await mount();
    expect(await violations()).toEqual([]);
    await userEvent.click(root.querySelector('[part~="agree"]')!);
    await el.updateComplete;
    await el.updateComplete;
    expect(root.querySelector('[role="status"]')!.textContent).toMatch(/белгіленбеді/);
    expect(await api.receipts()).toEqual([]);

    await userEvent.click(root.querySelector('input[name="processing"]')!);
    await userEvent.click(root.querySelector('[part~="agree"]')!);
    await el.updateComplete;
    const step = root.querySelector<HTMLDialogElement>('dialog[open]')!;
    expect(step.querySelector('#confirm-title')).not.toBeNull();
    expect(root.activeElement?.id).toBe('confirm-title');
    expect(step.querySelector<HTMLButtonElement>('#confirm')!.disabled).toBe(true); // until its box is ticked
    expect(await violations()).toEqual([]);
    await userEvent.click(step.querySelector('button.sec')!);
    await el.updateComplete;
    expect(root.querySelector('dialog[open]')).toBeNull();
    expect(await api.receipts()).toEqual([]);
  });

  it('refuse records one refusal of every purpose shown, and the banner gives way to the reopen control', async () => {
    const { api, el, root } = await mount();
    expect(await violations()).toEqual([]);
    await userEvent.click(root.querySelector('[part~="refuse"]')!);
    await expect.poll(async () => (await api.receipts()).length).toBe(1);
    const [only] = await api.receipts();
    expect(only!.record.decisions).toEqual({ processing: false, dissemination: false });
    await el.updateComplete;
    expect(root.querySelector('[part~="banner"]')).toBeNull();
    expect(root.querySelector('[part~="reopen"]')).not.toBeNull();
    expect(await violations()).toEqual([]);
  });

  it('a refusal that finishes recording after another step opened (an embed\'s button) leaves that step open', async () => {
    const { api, el, root } = await mount();
    // The refusal's signing is held back until the step for another purpose is on screen.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const realSubtle = crypto.subtle.sign.bind(crypto.subtle);
    crypto.subtle.sign = (async (...args: Parameters<SubtleCrypto['sign']>) => {
      await gate;
      return realSubtle(...args);
    }) as SubtleCrypto['sign'];
    try {
      await userEvent.click(root.querySelector('[part~="refuse"]')!);
      api.open('dissemination');
      await expect.poll(() => root.querySelector('dialog[open] #confirm-title')?.textContent).toBeTruthy();
      release();
      await expect.poll(async () => (await api.receipts()).length).toBe(1);
      await el.updateComplete;
      await frame();
      expect(root.querySelector('dialog[open] #confirm-title')).not.toBeNull();
    } finally {
      crypto.subtle.sign = realSubtle as SubtleCrypto['sign'];
    }
  });
});

