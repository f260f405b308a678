import type { ConsentApi } from './consent.js';
import { whenKnown } from './when-known.js';

/**
 * Script gating: `<script type="text/plain" data-consent="dissemination">` (inline or with
 * `src`) runs once every listed purpose is granted — and not again after a withdrawal until the
 * page reloads, since a script that ran cannot be un-run. The activated copy carries the
 * original's `nonce` (read from the property: browsers hide the attribute), so it passes a CSP
 * with nonces. `data-type="module"` activates it as a module. Returns a function that stops.
 */
export function gateScripts(api: ConsentApi, root: ParentNode = document): () => void {
  const run = () => {
    for (const original of root.querySelectorAll<HTMLScriptElement>('script[type="text/plain"][data-consent]')) {
      const purposes = original.dataset.consent!.split(/[\s,]+/).filter(Boolean);
      if (!purposes.length || !purposes.every((p) => api.get(p))) continue;
      const script = document.createElement('script');
      for (const { name, value } of original.attributes) if (name !== 'type' && name !== 'nonce') script.setAttribute(name, value);
      script.type = original.dataset.type ?? 'text/javascript';
      if (original.nonce) script.nonce = original.nonce;
      script.dataset.consentActivated = '';
      if (!original.src) script.text = original.text;
      // Replacing the placeholder is what makes "once": it no longer matches the selector.
      original.replaceWith(script);
    }
  };
  // At once when the decision hint knows the shopper (their scripts need not wait for
  // IndexedDB), else once the records are read; a record that corrects the hint is a change.
  whenKnown(api, run);
  return api.on('change', run);
}
