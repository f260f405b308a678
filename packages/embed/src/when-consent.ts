import type { ConsentApi } from '@artgrad/sdk';

/** Runs `fn` with the page's consent API, whichever of the two scripts loads first. */
export function whenConsent(fn: (api: ConsentApi) => void): void {
  if (window.artgradConsent) fn(window.artgradConsent);
  else document.addEventListener('artgrad-consent:ready', (e) => fn((e as CustomEvent<ConsentApi>).detail), { once: true });
}
