import { html, nothing, type TemplateResult } from 'lit';
import type { ScreenHost } from './screen-host.js';
import { renderLanguageSwitch, renderSwitches } from './switches.js';

/** The first layer: who asks, for what, the full text a press away, and agree beside refuse, alike. */
export function renderBanner(h: ScreenHost): TemplateResult {
  const { _s: s } = h;
  return html`<section class="banner" part="banner" role="dialog" aria-labelledby="banner-title" aria-describedby="banner-intro">
    <div class="head">
      <h2 id="banner-title">${s.title}</h2>
      ${renderLanguageSwitch(h)}
    </div>
    <p class="c">${s.controller}</p>
    <p id="banner-intro">${s.intro} <button class="l" @click=${h._on._openText}>${s.fullText}</button></p>
    ${h._core.gpc ? html`<p class="s">${s.gpc}</p>` : nothing}
    ${renderSwitches(h)}
    <p class="s" role="status">${h._statusText}</p>
    <div class="act">
      <button class="btn" part="button agree" @click=${h._on._agree}>${s.agree}</button>
      <button class="btn" part="button refuse" @click=${h._on._refuse}>${s.refuse}</button>
    </div>
  </section>`;
}

/** The small control that reopens the preferences once the shopper has decided. */
export function renderReopen(h: ScreenHost): TemplateResult {
  // The status says so while the preferences are fetched, or could not be.
  return html`<button class="reopen" part="reopen" @click=${h._on._prefs}>${h._s.reopen}</button>${h._statusText ? html`<p class="s reopen-s" role="status">${h._statusText}</p>` : nothing}`;
}
