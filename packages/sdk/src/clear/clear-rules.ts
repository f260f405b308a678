import type { ClearRules } from '@artgrad/receipt';

export { checkClearRules, type ClearRules } from '@artgrad/receipt';

/**
 * `data-clear-<purpose>="cookie:_ga cookie:_ga_* local:ym_* session:tmp domain:.artgrad.kz path:/shop"`
 * as rules: space-separated `kind:entry` tokens.
 */
export function clearAttribute(text: string): Record<string, string[]> {
  const kinds: Record<string, keyof ClearRules> = { cookie: 'cookies', local: 'localStorage', session: 'sessionStorage', domain: 'domains', path: 'paths' };
  const rules: Record<string, string[]> = {};
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const at = token.indexOf(':');
    const kind = kinds[token.slice(0, at)] ?? `unknown kind "${token.slice(0, at > 0 ? at : token.length)}"`;
    (rules[kind] ??= []).push(token.slice(at + 1));
  }
  return rules;
}

/** Whether `name` matches an exact entry or a `*` glob. */
export function matches(patterns: readonly string[] | undefined, name: string): boolean {
  return !!patterns?.some((p) => (p.includes('*') ? new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(name) : p === name));
}
