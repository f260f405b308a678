import { html, nothing, type TemplateResult } from 'lit';
import type { Language } from '@artgrad/policy';
import type { ScreenHost } from './screen-host.js';

const LANGUAGE_NAMES: Record<Language, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** A switch per purpose shown, off until the shopper turns it on; a grant no longer asked for says so. */
export function renderSwitches(h: ScreenHost): TemplateResult {
  const state = h._core.state();
  const requested = h._core.requested();
  return html`<ul class="p">
    ${h._shown.map(
      (p) => html`<li>
        <label>
          <input type="checkbox" role="switch" part="switch" name=${p.id} .checked=${h._ticked.has(p.id)} @click=${h._on._switch} />
          <span><strong>${p.label[h._lang]}</strong><small>${p.description[h._lang]}${!h._inline && !requested.includes(p.id) && state[p.id]?.granted
            ? html` ${h._s.notRequested}`
            : nothing}</small></span>
        </label>
      </li>`,
    )}
  </ul>`;
}

/** The interface language: each name in its own language, marked as such (WCAG 3.1.2). */
export function renderLanguageSwitch(h: ScreenHost): TemplateResult {
  return html`<label>${h._s.language}
    <select @change=${h._on._language}>
      ${(['kk', 'ru', 'en'] as const).map((l) => html`<option value=${l} lang=${l} ?selected=${l === h._lang}>${LANGUAGE_NAMES[l]}</option>`)}
    </select>
  </label>`;
}
