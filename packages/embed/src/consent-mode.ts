/**
 * Opt-in Google Consent Mode v2 updates: `<script src="artgrad-consent-mode.js"
 * data-ad-storage="dissemination" data-analytics-storage="processing" async>`. Pair it with
 * `artgrad-consent-mode-defaults.js` (synchronous, in <head>, before any tag).
 */
import { consentMode } from '@artgrad/sdk';
import { mappingFrom } from './consent-mode-mapping.js';
import { whenConsent } from './when-consent.js';

const mapping = mappingFrom(document.currentScript as HTMLScriptElement | null);
whenConsent((api) => consentMode(api, mapping));
