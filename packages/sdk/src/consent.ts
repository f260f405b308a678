import type { ConsentConfig } from './config.js';
import type { ConsentApi } from './consent-api.js';
import type { EngineOptions } from './engine.js';
import { startConsent } from './front.js';

export type { ConsentApi } from './consent-api.js';
export type { ConsentChange, ConsentEvents, SyncReport } from './events.js';
export { consentInternals } from './internals.js';
export type { ConfirmPress, ConsentInternals } from './internals.js';

export interface CreateConsentOptions extends EngineOptions {
  /**
   * Fetch the engine (IndexedDB, signing, sync) only when first needed or `warm()`ed, instead of
   * at once. The script-tag build does, so that nothing but the banner is on the first paint's path.
   */
  lazy?: boolean;
}

/**
 * Creates the SDK. Throws `ConsentError('CONFIG')` naming the field when the configuration
 * cannot work (no controller details outside development mode); other problems are reported in
 * `consentInternals(api).problems` and replaced by defaults.
 *
 * The synchronous front (`front.ts`) answers at once, from the decision hint; the engine
 * (`engine.ts`) and the full policy text are separate modules, imported dynamically, so that a
 * bundler splits them off the page's first chunk.
 */
export function createConsent(input: ConsentConfig = {}, options: CreateConsentOptions = {}): ConsentApi {
  return startConsent(input, {
    engine: () => import('./engine.js'),
    document: () => import('@artgrad/policy/document').then((m) => m.kazakhPolicy()),
    ...options,
  });
}
