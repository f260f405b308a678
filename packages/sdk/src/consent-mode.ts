import type { ConsentApi } from './consent.js';
import { whenKnown } from './when-known.js';

/** Google Consent Mode v2 signals, each mapped to the purpose that grants it. */
export type ConsentModeSignal = 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage';
export type ConsentModeMapping = Partial<Record<ConsentModeSignal, string>>;

type Gtag = (command: 'consent', action: 'default' | 'update', params: Record<string, string | number>) => void;

/** The defaults to set synchronously in the page's `<head>`, before any tag runs: all denied. */
export function consentModeDefaults(mapping: ConsentModeMapping): Record<string, string | number> {
  return { ...Object.fromEntries(Object.keys(mapping).map((signal) => [signal, 'denied'])), wait_for_update: 500 };
}

/**
 * Sends `gtag('consent', 'update', …)` once the stored decisions are known (from the decision
 * hint at once, for a returning shopper) and after each
 * decision. The defaults cannot be set from here: an `async` script runs too late for them, so
 * pages load `artgrad-consent-mode-defaults.js` (or call `consentModeDefaults`) first.
 */
export function consentMode(api: ConsentApi, mapping: ConsentModeMapping, gtag: Gtag = (...args) => (window as unknown as { gtag: Gtag }).gtag(...args)): () => void {
  const update = () =>
    gtag('consent', 'update', Object.fromEntries(Object.entries(mapping).map(([signal, purpose]) => [signal, api.get(purpose!) ? 'granted' : 'denied'])));
  whenKnown(api, update);
  return api.on('change', update);
}
