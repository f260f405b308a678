// What a site declares a purpose owns in the browser, as `/config` carries it (`clear`): checked
// the same way by the SDK (the site's own rules and the backend's) and by the reference receiver
// (CLEAR_RULES at start), so that the two cannot disagree on what is a rule.

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

export const CLEAR_KINDS = ['cookies', 'localStorage', 'sessionStorage', 'domains', 'paths'] as const;
export const MAX_CLEAR_ENTRIES = 50;
/** Cookie names, storage keys and globs: no separators a cookie string or an attribute would split on. */
const ENTRY = /^[\w.*:$@!#%&'+^`|~/-]{1,128}$/;

/** Checks a purpose's rules; each bad entry is a problem, named, and left out. */
export function checkClearRules(purpose: string, value: unknown, problem: (message: string) => void): ClearRules | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(`clear.${purpose} must be an object of lists`), null;
  const rules: Record<string, string[]> = {};
  for (const [kind, list] of Object.entries(value)) {
    if (!(CLEAR_KINDS as readonly string[]).includes(kind)) {
      problem(`clear.${purpose}.${kind} is not one of ${CLEAR_KINDS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(list) || list.length > MAX_CLEAR_ENTRIES) {
      problem(`clear.${purpose}.${kind} must be a list of at most ${MAX_CLEAR_ENTRIES} entries`);
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

