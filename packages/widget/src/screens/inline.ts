import { html, type TemplateResult } from 'lit';
import type { ScreenHost } from './screen-host.js';
import { renderSwitches } from './switches.js';

/** The inline form control: the purposes a form needs, or, once granted, that it is done. */
export function renderInline(h: ScreenHost, done: boolean): TemplateResult {
  const { _s: s } = h;
  return html`<fieldset class="inline" part="inline">
    <legend>${s.title}</legend>
    <p class="c">${s.controller}</p>
    ${done
      ? html`<p class="done" role="status">✓ ${s.inlineDone}</p>`
      : html`${renderSwitches(h)}
          <p class="s" role="status">${h._statusText}</p>
          <div class="act"><button type="button" class="btn" part="button agree" @click=${h._on._agree}>${s.inlineConfirm}</button></div>`}
    <p class="row"><button type="button" class="l" @click=${h._on._openText}>${s.fullText}</button></p>
  </fieldset>`;
}
