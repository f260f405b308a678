// axe-core in the served shop. The shop's CSP (`script-src 'self'`) blocks the inline script that
// `addScriptTag` injects, so pages that use this must come from a `bypassCSP: true` context.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; summary: string }[];
}

/**
 * Runs axe on the whole document (open shadow roots included). Returns the violations and how
 * many checked nodes were inside a shadow root (axe names those with a nested target path).
 */
export async function axeViolations(page: Page): Promise<{ violations: AxeViolation[]; shadowNodes: number }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe-core was not injected: is the context bypassCSP?');
  return page.evaluate(async (tags) => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, });
    const checked = [...result.passes, ...result.violations, ...result.incomplete].flatMap((r: any) => r.nodes);
    return {
      shadowNodes: checked.filter((n: any) => Array.isArray(n.target[0])).length,
      violations: result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n: any) => ({ target: n.target, summary: n.failureSummary })),
      })),
    };
  }, WCAG_TAGS);
}

/** One line per failing node: rule id, target (shadow path as `host >> inner`), axe's summary. */
export function formatViolations(state: string, violations: AxeViolation[]): string {
  if (!violations.length) return `${state}: no violations`;
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `  [${v.id}] ${v.help}\n    target: ${JSON.stringify(n.target)}\n    ${n.summary.replace(/\n/g, '\n    ')}`),
  );
  return `${state}: ${violations.length} axe violation(s)\n${lines.join('\n')}`;
}
