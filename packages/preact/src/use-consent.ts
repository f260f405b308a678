import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { ConsentApi } from '@artgrad/sdk';
import { useConsentContext } from './consent-provider.js';

export interface UseConsent {
  /** Whether the purpose is granted now; `false` until `ready`, and when never decided. */
  readonly granted: boolean;
  /** The stored decisions have loaded: a `false` before this means "not known yet". */
  readonly ready: boolean;
  /** Withdraws this purpose; resolves with the receipt record, or `null` if it was not granted. */
  withdraw(): Promise<unknown>;
  /** Opens the preferences (needs the `<artgrad-consent>` element on the page). */
  open(): void;
}

/** One purpose's decision; re-renders when a `change` event alters it. */
export function useConsent(purpose: string): UseConsent {
  const { consent, ready } = useConsentContext('useConsent()');
  const granted = useLiveValue(consent, () => consent.get(purpose), Object.is);
  const withdraw = useCallback(() => consent.withdraw(purpose), [consent, purpose]);
  const open = useCallback(() => consent.open(), [consent]);
  return { granted, ready, withdraw, open };
}

/** Every decided purpose as `{ purpose: granted }`; the same object until a decision changes. */
export function useConsentState(): Record<string, boolean> {
  const { consent } = useConsentContext('useConsentState()');
  return useLiveValue(consent, () => consent.getAll(), sameDecisions);
}

const increment = (n: number) => n + 1;

/**
 * `read()` as of this render, kept as the same value while `same` says nothing changed.
 *
 * Read during render rather than copied into state: a new purpose or API (or the provider
 * becoming ready, which emits no `change`) is answered in that same render, so a gate never shows
 * its children for a stale decision. The `change` listener only asks for another render, and only
 * when the answer differs, so a change to some other purpose costs nothing. Preact removes the
 * listener after paint on unmount; an unmounted component ignores render requests meanwhile.
 */
function useLiveValue<T>(consent: ConsentApi, read: () => T, same: (a: T, b: T) => boolean): T {
  const [, rerender] = useReducer(increment, 0);
  const kept = useRef<T>(undefined as T);
  const fresh = read();
  if (kept.current === undefined || !same(fresh, kept.current)) kept.current = fresh;
  // The latest `read`, so one subscription per API serves whatever purpose it is given next.
  const latest = useRef(read);
  latest.current = read;
  useEffect(() => {
    const sync = () => {
      if (!same(latest.current(), kept.current)) rerender(undefined);
    };
    // Catches a change that landed between the render and this subscription.
    sync();
    return consent.on('change', sync);
  }, [consent]);
  return kept.current;
}

function sameDecisions(a: Record<string, boolean>, b: Record<string, boolean>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
