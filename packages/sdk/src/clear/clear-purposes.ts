import { matches, type ClearRules } from './clear-rules.js';

/** What a clear removed: cookie names and storage keys, per kind. */
export interface Cleared {
  readonly purposes: readonly string[];
  readonly cookies: readonly string[];
  readonly localStorage: readonly string[];
  readonly sessionStorage: readonly string[];
}

/** The page's host and each parent domain it may set cookies on (`shop.artgrad.kz` → `.shop.artgrad.kz`, `.artgrad.kz`). */
function domainsOf(host: string): string[] {
  const parts = host.split('.');
  return /^[\d.]+$|:/.test(host) ? [] : parts.slice(0, -1).map((_, i) => `.${parts.slice(i).join('.')}`);
}

function clearStorage(storage: Storage | undefined, patterns: readonly string[] | undefined, removed: string[]): void {
  if (!storage || !patterns?.length) return;
  for (const key of Object.keys(storage)) {
    if (!matches(patterns, key)) continue;
    storage.removeItem(key);
    removed.push(key);
  }
}

const storageOf = (name: 'localStorage' | 'sessionStorage'): Storage | undefined => {
  try {
    return globalThis[name];
  } catch {
    return undefined; // storage blocked: nothing of ours is there either
  }
};

/**
 * Deletes what the purposes' rules name, as far as a page can: cookies it can see (`document.cookie`,
 * so never HttpOnly ones), on every path and domain they may have been set on; and matching keys of
 * this origin's localStorage and sessionStorage. Other origins' storage is out of a page's reach.
 */
export function clearPurposes(rules: Readonly<Record<string, ClearRules>>, purposes: readonly string[]): Cleared {
  const cookies: string[] = [];
  const local: string[] = [];
  const session: string[] = [];
  const cleared: string[] = [];
  for (const purpose of purposes) {
    const r = rules[purpose];
    if (!r) continue;
    cleared.push(purpose);
    if (r.cookies?.length && typeof document !== 'undefined') {
      const names = document.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter((n) => n && matches(r.cookies, n));
      const paths = ['/', ...(r.paths ?? []), location.pathname.replace(/\/[^/]*$/, '') || '/'];
      const domains = ['', ...domainsOf(location.hostname), ...(r.domains ?? [])];
      for (const name of new Set(names)) {
        for (const path of new Set(paths)) for (const domain of new Set(domains)) document.cookie = `${name}=; Max-Age=0; Path=${path}${domain ? `; Domain=${domain}` : ''}`;
        cookies.push(name);
      }
    }
    clearStorage(storageOf('localStorage'), r.localStorage, local);
    clearStorage(storageOf('sessionStorage'), r.sessionStorage, session);
  }
  return { purposes: cleared, cookies, localStorage: local, sessionStorage: session };
}
