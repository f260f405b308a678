import { isLanguage, type Language } from '@artgrad/policy';
import { gateScripts, type ConsentApi, type ConsentInternals } from '@artgrad/sdk';
import { EMBED_STRINGS } from './embed-strings.js';
import { providerOf } from './providers.js';


// Constructable stylesheet: allowed by a strict CSP (no <style>, no style attribute).
const CSS = `
:host { display: block; max-width: 100%; aspect-ratio: 16 / 9; font: 15px/1.45 var(--artgrad-font, system-ui, sans-serif); }
.ph, iframe { box-sizing: border-box; width: 100%; height: 100%; }
.ph { display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 0.5rem; padding: 1rem; text-align: center;
  background: var(--artgrad-embed-bg, #f2f2f2); color: var(--artgrad-fg, #1a1a1a); border: 1px solid #767676; border-radius: 6px; overflow: auto; }
.prov { font-weight: 700; font-size: 1.1rem; margin: 0; }
p { margin: 0; }
button { min-height: 44px; padding: 0.5rem 1rem; border: 2px solid var(--artgrad-accent, #1d3a5f); border-radius: 6px; background: var(--artgrad-accent, #1d3a5f);
  color: var(--artgrad-accent-fg, #fff); font: inherit; font-weight: 600; cursor: pointer; }
button:focus-visible { outline: 3px solid var(--artgrad-focus, #b3261e); outline-offset: 2px; }
iframe { border: 0; display: block; }
:host(:not([src])) { aspect-ratio: auto; }`;
let sheet: CSSStyleSheet | null = null;
let gating = false;

/**
 * `<artgrad-embed purpose="dissemination" src="https://www.youtube-nocookie.com/embed/…"
 * title="…" width="560" height="315">`: in place of a third party's iframe (YouTube, Vimeo, 2GIS,
 * Yandex Maps…), a placeholder that names the provider and the purpose loading it needs, with one
 * button that opens the confirmation step for exactly that purpose. The iframe is made only once
 * the purpose is granted, and taken away again when it is withdrawn: nothing is requested from
 * the provider before. The placeholder keeps the embed's size, so the swap shifts nothing.
 *
 * Without `src`, it stands in for the page's gated scripts of that purpose (`<script
 * type="text/plain" data-consent="…">`, a maps API or a chat, say `provider="…"`): once granted,
 * they run by the gate's rule, and the element shows its own children in the same box (the
 * container such a script draws into). A withdrawal brings the placeholder back; a script that
 * ran cannot be un-run, which the `change` event's `reloadAdvised` says.
 */
export function defineEmbedElement(api: ConsentApi, core: Pick<ConsentInternals, 'config' | 'language'>): void {
  if (customElements.get('artgrad-embed')) return;
  const label = (purpose: string, language: Language) => core.config.catalogue.find((p) => p.id === purpose)?.label[language] ?? purpose;
  // The language the shopper chose on this device, else the site's.
  const chosen = (): Language => {
    const language = core.language();
    return isLanguage(language) ? language : core.config.language;
  };
  customElements.define(
    'artgrad-embed',
    class ArtgradEmbedElement extends HTMLElement {
      #root = this.attachShadow({ mode: 'open' });
      #off: (() => void) | null = null;
      #shows: 'placeholder' | 'content' | null = null;
      #warned = false;

      connectedCallback(): void {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        this.#root.adoptedStyleSheets = [sheet];
        // An iframe's box defaults to YouTube's; a script's is the page's, unless it says.
        const forScripts = !this.hasAttribute('src');
        const width = Number(this.getAttribute('width')) || (forScripts ? 0 : 560);
        const height = Number(this.getAttribute('height')) || (forScripts ? 0 : 315);
        // Through the CSSOM, which a strict CSP allows: the embed's box, reserved from the start.
        // Inline, so the attributes win over a page rule that reserved another ratio.
        if (width && height) {
          this.style.aspectRatio = `${width} / ${height}`;
          this.style.width = `${width}px`;
        }
        // The gate file's rule, also on a page that has no gate file: each gated script runs
        // once (activating replaces it), whoever activates it first.
        if (forScripts && !gating) {
          gating = true;
          gateScripts(api);
        }
        this.#off = api.on('change', () => this.#render());
        this.#render();
      }

      disconnectedCallback(): void {
        this.#off?.();
        this.#off = null;
      }

      #src(): URL | null {
        try {
          const url = new URL(this.getAttribute('src') ?? '', document.baseURI);
          return url.protocol === 'https:' ? url : null;
        } catch {
          return null;
        }
      }

      /** The provider named, else the one the first gated script of the purpose is (or was) fetched from. */
      #provider(purpose: string, src: URL | null): string | null {
        const named = this.getAttribute('provider');
        if (named) return named;
        if (src) return providerOf(src);
        const script = [...document.querySelectorAll<HTMLScriptElement>('script[data-consent][src]')].find((s) =>
          s.dataset.consent!.split(/[\s,]+/).includes(purpose),
        );
        return script ? providerOf(new URL(script.src)) : null;
      }

      #render(): void {
        const purpose = this.getAttribute('purpose') ?? '';
        const want = api.get(purpose) ? 'content' : 'placeholder';
        // Most changes concern other purposes: nothing to read or build then.
        if (want === this.#shows) return;
        const src = this.hasAttribute('src') ? this.#src() : null;
        const provider = purpose ? this.#provider(purpose, src) : null;
        if (!provider || (this.hasAttribute('src') && !src)) {
          // Said once, not on every decision.
          if (!this.#warned) console.error('[artgrad-consent] <artgrad-embed> needs purpose="…" and an https src="…" (or, for gated scripts, provider="…")');
          this.#warned = true;
          return;
        }
        this.#shows = want;
        const title = this.getAttribute('title') || provider;
        if (want === 'content' && !src) {
          // The gated scripts run by the gate's own listener; the element shows its children.
          this.#root.replaceChildren(document.createElement('slot'));
          return;
        }
        if (want === 'content') {
          const frame = document.createElement('iframe');
          frame.title = title;
          frame.src = src!.href;
          frame.allow = this.getAttribute('allow') ?? 'fullscreen; picture-in-picture';
          frame.referrerPolicy = 'strict-origin-when-cross-origin';
          frame.loading = 'lazy';
          this.#root.replaceChildren(frame);
          return;
        }
        const lang = this.getAttribute('lang');
        const language = lang && isLanguage(lang) ? lang : chosen();
        const t = EMBED_STRINGS[language];
        const box = document.createElement('div');
        box.className = 'ph';
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', `${provider}: ${title}`);
        box.lang = language;
        const name = document.createElement('p');
        name.className = 'prov';
        name.textContent = `${provider} — ${title}`;
        const needs = document.createElement('p');
        needs.textContent = `${t.needs(provider, label(purpose, language))} ${t.until(provider)}`;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = t.button(provider);
        button.addEventListener('click', () => api.open(purpose));
        box.append(name, needs, button);
        this.#root.replaceChildren(box);
      }
    },
  );
}
