/**
 * Opt-in script gating for script-tag sites: `<script src="artgrad-consent-gate.js" async>`.
 * Kept out of the main file, which stays within its size budget for sites that do not gate.
 */
import { gateScripts } from '@artgrad/sdk';
import { whenConsent } from './when-consent.js';

whenConsent((api) => gateScripts(api));
