import { ArtgradConsentElement } from './consent-element.js';

/** Registers `<artgrad-consent>`; safe to call any number of times, from any number of copies. */
export function defineConsentElement(tag = 'artgrad-consent'): void {
  if (!customElements.get(tag)) customElements.define(tag, ArtgradConsentElement);
}
