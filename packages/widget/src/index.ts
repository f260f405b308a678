export { ArtgradConsentElement, provideConsent, registerConfirmationMethod, registerFetchedConfirmationMethod } from './consent-element.js';
export { defineConsentElement } from './define-element.js';
export type { ConsentChangeEvent } from './consent-element.js';
export { checkboxConfirmation } from './confirmation-method.js';
export type { ConfirmationContext, ConfirmationMethod } from './confirmation-method.js';
export { renderPolicy } from './policy-text.js';
export { otpConfirmation } from './otp-confirmation.js';
