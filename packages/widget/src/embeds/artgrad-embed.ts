import { isLanguage, type Language } from '@artgrad/policy';
import type { ConsentApi, ConsentInternals } from '@artgrad/sdk';
import { EMBED_STRINGS } from './embed-strings.js';
import { providerOf } from './providers.js';


// Constructable stylesheet: allowed by a strict CSP (no <style>, no style attribute).
const CSS = `
:host { display: block; max-width: 100%; aspect-ratio: var(--artgrad-embed-ratio, 16 / 9); font: 15px/1.45 var(--artgrad-font, system-ui, sans-serif); }
.ph, iframe { box-sizing: border-box; width: 100%; height: 100%; }
.ph { display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 0.5rem; padding: 1rem; text-align: center;
  background: var(--artgrad-embed-bg, #f2f2f2); color: var(--artgrad-fg, #1a1a1a); border: 1px solid #767676; border-radius: 6px; overflow: auto; }
.prov { font-weight: 700; font-size: 1.1rem; margin: 0; }
p { margin: 0; }
button { min-height: 44px; padding: 0.5rem 1rem; border: 2px solid var(--artgrad-accent, #1d3a5f); border-radius: 6px; background: var(--artgrad-accent, #1d3a5f);
  color: var(--artgrad-accent-fg, #fff); font: inherit; font-weight: 600; cursor: pointer; }
button:focus-visible { outline: 3px solid var(--artgrad-focus, #b3261e); outline-offset: 2px; }
iframe { border: 0; display: block; }`;
let sheet: CSSStyleSheet | null = null;

/**
 * `<artgrad-embed purpose="dissemination" src="https://www.youtube-nocookie.com/embed/…"
 * title="…" width="560" height="315">`: in place of a third party's iframe (YouTube, Vimeo, 2GIS,
 * Yandex Maps…), a placeholder that names the provider and the purpose loading it needs, with one
 * button that opens the confirmation step for exactly that purpose. The iframe is made only once
 * the purpose is granted, and taken away again when it is withdrawn: nothing is requested from
 * the provider before. The placeholder keeps the embed's size, so the swap shifts nothing.
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
      #shows: 'placeholder' | 'iframe' | null = null;
      #warned = false;

      connectedCallback(): void {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        this.#root.adoptedStyleSheets = [sheet];
        const width = Number(this.getAttribute('width')) || 560;
        const height = Number(this.getAttribute('height')) || 315;
        // Through the CSSOM, which a strict CSP allows: the embed's box, reserved from the start.
        this.style.setProperty('--artgrad-embed-ratio', `${width} / ${height}`);
        this.style.width = `${width}px`;
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

      #render(): void {
        const purpose = this.getAttribute('purpose') ?? '';
        const src = this.#src();
        if (!src || !purpose) {
          // Said once, not on every decision.
          if (this.#shows !== null || !this.#warned) console.error('[artgrad-consent] <artgrad-embed> needs purpose="…" and an https src="…"');
          this.#warned = true;
          return;
        }
        const want = api.get(purpose) ? 'iframe' : 'placeholder';
        if (want === this.#shows) return;
        this.#shows = want;
        const provider = providerOf(src);
        const title = this.getAttribute('title') || provider;
        if (want === 'iframe') {
          const frame = document.createElement('iframe');
          frame.title = title;
          frame.src = src.href;
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
