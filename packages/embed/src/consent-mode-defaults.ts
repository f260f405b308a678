/**
 * Consent Mode defaults, synchronous: `<script src="artgrad-consent-mode-defaults.js"></script>`
 * first in <head>. Every signal starts denied, before any Google tag can run; a file, not an
 * inline snippet, so it works under `script-src 'self'`.
 */
import { consentModeDefaults } from '@artgrad/sdk';
import { mappingFrom } from './consent-mode-mapping.js';

const w = window as unknown as { dataLayer?: unknown[]; gtag?: (...args: unknown[]) => void };
w.dataLayer ??= [];
w.gtag ??= function gtag() {
  // gtag.js reads the `arguments` object itself, not an array: keep the classic shape.
  // eslint-disable-next-line prefer-rest-params
  w.dataLayer!.push(arguments);
};
w.gtag('consent', 'default', consentModeDefaults(mappingFrom(document.currentScript as HTMLScriptElement | null)));
