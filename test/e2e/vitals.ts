// web-vitals' IIFE build and a few page-side probes, installed with `addInitScript` so they run
// before any page script (and before the consent script mounts anything).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// The package exports no subpath for the IIFE; it sits next to the UMD build that `require` finds.
export const WEB_VITALS_IIFE = join(dirname(require.resolve('web-vitals')), 'web-vitals.iife.js');

export interface ClsProbe {
  /** Every value web-vitals reported (reportAllChanges), in order. */
  reports: number[];
  /** Raw `layout-shift` entries, for the failure message: value and the shifted nodes. */
  shifts: { value: number; hadRecentInput: boolean; startTime: number; sources: string[] }[];
}

/** Installs web-vitals and an `onCLS` listener (reportAllChanges) before the page's scripts. */
export async function installCls(page: Page): Promise<void> {
  const library = readFileSync(WEB_VITALS_IIFE, 'utf8');
  await page.addInitScript({
    // Playwright wraps an init script in a function: the IIFE's `var webVitals` stays local
    // unless it is published on window.
    content: `${library}\n;window.webVitals = webVitals;\n(${probe.toString()})();`,
  });
}

function probe(): void {
  const w = window as any;
  const state: ClsProbe = { reports: [], shifts: [] };
  w.__cls = state;
  w.webVitals.onCLS((metric: { value: number }) => state.reports.push(metric.value), { reportAllChanges: true });
  const describe = (node: Node | null) => {
    if (!node) return '?';
    const el = node as Element;
    return el.tagName ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}` : node.nodeName;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as any[]) {
      state.shifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        startTime: entry.startTime,
        sources: (entry.sources ?? []).map((s: any) => describe(s.node)),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * Makes the page look hidden to web-vitals (which then reports its final CLS) and returns the
 * last value reported. web-vitals listens for `visibilitychange` on window in the capture phase.
 */
export async function finalCls(page: Page): Promise<{ value: number; probe: ClsProbe }> {
  // The first report comes a task after FCP (reportAllChanges); without it, hiding reports nothing new.
  await page.waitForFunction(() => (window as any).__cls.reports.length > 0);
  const probe = await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    return (window as any).__cls as ClsProbe;
  });
  return { value: probe.reports[probe.reports.length - 1]!, probe };
}
