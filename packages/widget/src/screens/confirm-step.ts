import { html, type TemplateResult } from 'lit';
import type { ScreenHost } from './screen-host.js';

/**
 * The protective confirmation step (policy item 8): what is granted and what is not, the policy
 * version and its full text, the method's own control, and confirm beside back.
 */
export function renderConfirmStep(h: ScreenHost): TemplateResult {
  const { _s: s } = h;
  const pending = h._pending ?? {};
  const name = (id: string) => h._core.config.catalogue.find((p) => p.id === id)?.label[h._lang] ?? id;
  const list = (granted: boolean) => {
    const ids = Object.keys(pending).filter((p) => pending[p] === granted);
    return ids.length ? html`<ul>${ids.map((p) => html`<li>${name(p)}</li>`)}</ul>` : html`<p>${s.none}</p>`;
  };
  return html`<h2 id="confirm-title" tabindex="-1">${s.confirmTitle}</h2>
    <h3>${s.granted}</h3>
    ${list(true)}
    <h3>${s.notGranted}</h3>
    ${list(false)}
    <p>${s.policyVersion}: ${h._core.policy.version} <button class="l" @click=${h._on._openText}>${s.fullText}</button></p>
    ${h._method.render(h._methodContext())}
    <p class="s" role="status">${h._statusText}</p>
    <div class="act">
      <button class="btn" part="button confirm" id="confirm" ?disabled=${!h._method.ready()} @click=${h._on._confirm}>${s.confirm}</button>
      <button class="btn sec" part="button" @click=${h._on._back}>${s.back}</button>
    </div>`;
}
