import { html, type TemplateResult } from 'lit';
import type { ScreenHost } from './screen-host.js';
import { renderMyData } from './my-data.js';
import { renderLanguageSwitch, renderSwitches } from './switches.js';

/** The preferences: each purpose as it stands, save, withdraw all, the full text, and the shopper's data (requests, receipts). */
export function renderPreferences(h: ScreenHost): TemplateResult {
  const { _s: s } = h;
  return html`<div class="head"><h2 id="prefs-title">${s.prefsTitle}</h2>${renderLanguageSwitch(h)}</div>
    <p class="c">${s.controller}</p>
    ${renderSwitches(h)}
    <p class="s" role="status">${h._statusText}</p>
    <div class="act">
      <button class="btn" part="button" @click=${h._on._save}>${s.save}</button>
      <button class="btn" part="button" @click=${h._on._withdrawAll}>${s.withdrawAll}</button>
    </div>
    ${renderMyData(h)}
    <p class="row"><button class="l" @click=${h._on._openText}>${s.fullText}</button>
      <button class="l" @click=${h._on._close}>${s.close}</button></p>`;
}
