/**
 * What belongs to a purpose in this browser, declared by the site so that refusing or
 * withdrawing it clears it (as vanilla-cookieconsent's `autoClear`): cookie names and storage
 * keys, exact or with `*` wildcards, and the domains and paths its cookies were set on.
 */
export interface ClearRules {
  readonly cookies?: readonly string[];
  readonly localStorage?: readonly string[];
  readonly sessionStorage?: readonly string[];
  /** Domains its cookies may be set on (`.artgrad.kz`); the page's own host and parents are tried anyway. */
  readonly domains?: readonly string[];
  /** Paths its cookies may be set on; `/` is tried anyway. */
  readonly paths?: readonly string[];
}

const KINDS = ['cookies', 'localStorage', 'sessionStorage', 'domains', 'paths'] as const;
const MAX_ENTRIES = 50;
/** Cookie names, storage keys and globs: no separators a cookie string or an attribute would split on. */
const ENTRY = /^[\w.*:$@!#%&'+^`|~/-]{1,128}$/;

/** Checks a purpose's rules; each bad entry is a problem, named, and left out. */
export function checkClearRules(purpose: string, value: unknown, problem: (message: string) => void): ClearRules | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(`clear.${purpose} must be an object of lists`), null;
  const rules: Record<string, string[]> = {};
  for (const [kind, list] of Object.entries(value)) {
    if (!(KINDS as readonly string[]).includes(kind)) {
      problem(`clear.${purpose}.${kind} is not one of ${KINDS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(list) || list.length > MAX_ENTRIES) {
      problem(`clear.${purpose}.${kind} must be a list of at most ${MAX_ENTRIES} entries`);
      continue;
    }
    rules[kind] = list.filter((entry) => {
      const ok = typeof entry === 'string' && ENTRY.test(entry);
      if (!ok) problem(`clear.${purpose}.${kind}: ${JSON.stringify(entry).slice(0, 60)} is not a name, key or * pattern`);
      return ok;
    });
  }
  return rules;
}

/**
 * `data-clear-<purpose>="cookie:_ga cookie:_ga_* local:ym_* session:tmp domain:.artgrad.kz path:/shop"`
 * as rules: space-separated `kind:entry` tokens.
 */
export function clearAttribute(text: string): Record<string, string[]> {
  const kinds: Record<string, (typeof KINDS)[number]> = { cookie: 'cookies', local: 'localStorage', session: 'sessionStorage', domain: 'domains', path: 'paths' };
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
