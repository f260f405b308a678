/**
 * What every script-tag file does: reads `data-*`, creates the SDK, registers and mounts the
 * element, and publishes `window.artgradConsent`. Everything else stays inside the file's
 * closure, out of page scripts' reach (a confirmation method can only be added at build time).
 */
import { consentInternals, type ConsentApi } from '@artgrad/sdk';
import { startConsent } from '@artgrad/sdk/front';
import type { startEngine } from '@artgrad/sdk/engine';
import type { kazakhPolicy } from '@artgrad/policy/document';
import { defineConsentElement, provideConsent, registerFetchedConfirmationMethod } from '@artgrad/widget';
import type { otpConfirmation } from '@artgrad/widget/otp';
import type { defineEmbedElement } from '@artgrad/widget/embeds';
import { loadChunk, setChunkBase } from './chunk-loader.js';
import { attributeOf, configFromDataset } from './dataset.js';

declare global {
  interface Window {
    artgradConsent?: ConsentApi;
  }
}

/** Runs once per file; `document.currentScript` is only set while the file first executes. */
export function boot(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  if (window.artgradConsent) {
    // A second copy of the script: the first one already runs; mounting twice would ask twice.
    console.warn('[artgrad-consent] loaded more than once; the first copy stays in charge');
    return;
  }
  let api: ConsentApi | null = null;
  // The other parts are fetched from beside this file, wherever it is served from.
  if (script?.src) setChunkBase(script.src, Number(script.dataset.chunkTimeout) || undefined);
  try {
    // Lazy: the engine is fetched once the banner has painted (or at the first press).
    api = startConsent(configFromDataset(script?.dataset ?? {}), {
      lazy: true,
      engine: () => loadChunk<{ startEngine: typeof startEngine }>('engine'),
      document: () => loadChunk<{ kazakhPolicy: typeof kazakhPolicy }>('document').then((m) => m.kazakhPolicy()),
    });
  } catch (error) {
    // Outside development mode the SDK will not make receipts without real controller details.
    console.error(`[artgrad-consent] not started: ${(error as Error).message.replace(/\b(controller\.\w+|policyUrl|mode)\b/g, attributeOf)}`);
  }
  if (api) start(api);
}

function start(api: ConsentApi): void {
  // Each bad attribute is named as the page author wrote it; the SDK used the default instead.
  // (A method this file lacks, `data-confirm="otp"` in the main file, the element names itself.)
  for (const { field, message } of consentInternals(api).problems) console.error(`[artgrad-consent] ${attributeOf(field)}: ${message}`);
  window.artgradConsent = api;
  provideConsent(api);
  // Fetched from beside this file when a step first needs it; registered here, in the closure.
  registerFetchedConfirmationMethod('otp', () => loadChunk<{ otpConfirmation: typeof otpConfirmation }>('otp').then((m) => m.otpConfirmation));
  const mount = () => {
    if (document.querySelector('artgrad-consent:not([mode="inline"])')) return;
    // First in <body>: the first Tab reaches the banner; the host itself has no height, so
    // inserting it shifts nothing.
    document.body.prepend(document.createElement('artgrad-consent'));
  };
  // Defined now, so that a page script hearing `artgrad-consent:ready` can use the element; the
  // banner's first render in a task of its own, after this script's: two shorter tasks instead
  // of one long one on a slow phone.
  defineConsentElement();
  setTimeout(() => {
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  });
  // The element fetches the SDK's engine once its banner has painted, or at once when there is
  // none to paint. Should no element ever connect, ready() still resolves: the engine comes at
  // the page's load.
  const warm = () => consentInternals(api).warm();
  if (document.readyState === 'complete') setTimeout(warm, 1_000);
  else addEventListener('load', () => setTimeout(warm, 1_000), { once: true });
  // Click-to-load embeds: their part is fetched only by a page that has one.
  const embeds = () =>
    document.querySelector('artgrad-embed') &&
    void loadChunk<{ defineEmbedElement: typeof defineEmbedElement }>('embeds')
      .then((m) => m.defineEmbedElement(api, consentInternals(api)))
      .catch(() => undefined);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', embeds, { once: true });
  else embeds();
  document.dispatchEvent(new CustomEvent('artgrad-consent:ready', { detail: api }));
}
