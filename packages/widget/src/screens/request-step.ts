import { MAX_REPLY_TO_LENGTH, MAX_REQUEST_DETAILS_LENGTH } from '@artgrad/sdk';
import { html, type TemplateResult } from 'lit';
import { KK_RIGHTS } from '../later/rights-strings.js';
import type { ScreenHost } from './screen-host.js';

/**
 * The protective confirmation step for a rights request: what is asked, under which item, an
 * optional reply address (sent to the receiver only, never signed), the free text a correction
 * needs, and the same guarded checkbox and Confirm beside Back as for consent.
 */
export function renderRequestStep(h: ScreenHost): TemplateResult {
  const t = h._rs ?? KK_RIGHTS;
  const request = h._request!;
  const context = Object.assign(Object.create(h._methodContext()) as ReturnType<ScreenHost['_methodContext']>, { strings: { ...h._s, confirmCheck: t.check } });
  const needsDetails = request.kind === 'correction';
  return html`<h2 id="confirm-title" tabindex="-1">${t.stepTitle}: ${t.kinds[request.kind]}</h2>
    <p>${t.stepIntro[request.kind]}</p>
    <label class="field" for="rq-details">${needsDetails ? t.details : t.detailsOptional}</label>
    <textarea class="w" id="rq-details" maxlength=${MAX_REQUEST_DETAILS_LENGTH} rows="3" ?required=${needsDetails} aria-required=${needsDetails ? 'true' : 'false'} .value=${request.details ?? ''} @input=${h._on._requestInput}></textarea>
    <label class="field" for="rq-reply">${t.replyTo}</label>
    <input class="w" id="rq-reply" type="text" inputmode="email" autocomplete="email" maxlength=${MAX_REPLY_TO_LENGTH} aria-describedby="rq-reply-note" @input=${h._on._requestInput} />
    <p class="c" id="rq-reply-note">${t.replyNote}</p>
    ${h._method.render(context)}
    <p class="s" role="status">${h._statusText}</p>
    <div class="act">
      <button class="btn" part="button confirm" id="confirm" ?disabled=${!h._method.ready() || (needsDetails && !request.details?.trim())} @click=${h._on._requestConfirm}>${h._s.confirm}</button>
      <button class="btn sec" part="button" @click=${h._on._back}>${h._s.back}</button>
    </div>`;
}
