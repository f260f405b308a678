import type { PolicyIdentity } from '@artgrad/policy';
import type { ResolvedConfig } from './config.js';
import type { ConsentStore } from './store.js';

/** What a backend's `GET /config` says: the purposes asked for now, and the policy it expects. */
export interface RemoteConfig {
  purposes?: unknown;
  policy?: { version: string; sha256: string };
  /** What to clear per purpose when it is refused or withdrawn (`ClearRules`), added to the site's own. */
  clear?: unknown;
}

/** How long a first visit waits for `/config` before the bundled defaults are shown. */
export const REMOTE_CONFIG_WAIT_MS = 400;

/**
 * Asks the backend which purposes to request. Asked as soon as the SDK starts, while IndexedDB
 * opens, so that a first visit's wait for it overlaps the store's; `null` without a backend, on
 * any failure, or for an answer that is not JSON.
 */
export function fetchRemoteConfig(config: ResolvedConfig): Promise<RemoteConfig | null> | null {
  if (!config.endpoint || typeof fetch !== 'function') return null;
  return fetch(`${config.endpoint}/config`, { cache: 'no-cache', credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
}

export interface FollowOptions {
  config: ResolvedConfig;
  policy: PolicyIdentity;
  store: ConsentStore;
  /** The last answer, cached in the store (read with the rest at start). */
  cached: string | undefined;
  /** Applies a new list of requested purposes. `late` when the banner may already show the old one. */
  request(purposes: string[], late: boolean): void;
  /** The backend's clear rules, cached or fresh. */
  clear(rules: unknown): void;
}

/**
 * The backend's `/config` decides which purposes are asked. The banner never waits long for it:
 * the last cached copy is used at once, and without one, the bundled defaults after 400 ms. A
 * fresher answer that arrives later is followed at once (a `change`), then cached.
 */
export async function followRemoteConfig(remote: Promise<RemoteConfig | null>, options: FollowOptions): Promise<void> {
  const { config, policy, store } = options;
  const known = (ids: unknown) => (Array.isArray(ids) ? (ids as unknown[]).filter((id): id is string => config.catalogue.some((p) => p.id === id)) : null);
  const last = JSON.parse(options.cached ?? 'null') as RemoteConfig | null;
  const cached = known(last?.purposes);
  let shown = cached;
  if (cached) options.request(cached, false);
  if (last?.clear) options.clear(last.clear);
  const fresh = remote
    .then(async (answer) => {
      const next = known(answer?.purposes);
      if (!answer || !next) return;
      // The cached copy's rules are in already: added again, each bad entry would be reported twice.
      if (answer.clear && JSON.stringify(answer.clear) !== JSON.stringify(last?.clear)) options.clear(answer.clear);
      if (answer.policy && (answer.policy.version !== policy.version || answer.policy.sha256 !== policy.sha256)) {
        console.warn(`[artgrad-consent] this embed shows policy ${policy.version}, the backend expects ${answer.policy.version}: update the script`);
      }
      if (next.join() !== (shown ?? config.requested).join()) {
        // Arrived after the cached copy (or the defaults) was shown: follow the switch now, not a load later.
        shown = next;
        options.request(next, true);
      }
      // Last: a full store must not keep this page from following the switch.
      await store.setMeta('config', JSON.stringify(answer));
    })
    .catch(() => undefined);
  if (!cached) await Promise.race([fresh, new Promise((resolve) => setTimeout(resolve, REMOTE_CONFIG_WAIT_MS))]);
}
