import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { ConsentError, type ConsentApi } from '@artgrad/sdk';

export interface ConsentContextValue {
  readonly consent: ConsentApi;
  /** `consent.ready()` has resolved: `get()` now answers from the stored decisions, not a default `false`. */
  readonly ready: boolean;
}

// `null` by default so that a hook outside any provider can say so, instead of reading a
// made-up API that would answer "not granted" forever.
const ConsentContext = createContext<ConsentContextValue | null>(null);

export interface ConsentProviderProps {
  consent: ConsentApi;
  children?: ComponentChildren;
}

/** Makes one `createConsent()` API available to `useConsent`, `useConsentState` and `ConsentGate` below it. */
export function ConsentProvider({ consent, children }: ConsentProviderProps) {
  // Remembers *which* API became ready, so that swapping the `consent` prop reads as not ready
  // until the new one has loaded, without a render that still claims the old one's readiness.
  const [readyApi, setReadyApi] = useState<ConsentApi | null>(null);
  useEffect(() => {
    let current = true;
    // Loading emits no `change` event, so readiness is tracked here, once for every consumer.
    void consent.ready().then(() => current && setReadyApi(consent));
    return () => {
      current = false;
    };
  }, [consent]);
  const ready = readyApi === consent;
  const value = useMemo(() => ({ consent, ready }), [consent, ready]);
  return <ConsentContext.Provider value={value}>{children}</ConsentContext.Provider>;
}

/** The provider's value; throws `ConsentError('CONFIG')` naming the caller when there is none. */
export function useConsentContext(caller: string): ConsentContextValue {
  const value = useContext(ConsentContext);
  if (!value) throw new ConsentError('CONFIG', `${caller} must be used inside a <ConsentProvider consent={...}>`);
  return value;
}
