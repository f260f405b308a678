export { ConsentProvider } from './consent-provider.js';
export type { ConsentProviderProps } from './consent-provider.js';
export { useConsent, useConsentState } from './use-consent.js';
export type { UseConsent } from './use-consent.js';
export { ConsentGate } from './consent-gate.js';
export type { ConsentGateProps } from './consent-gate.js';
