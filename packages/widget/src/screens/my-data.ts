import { html, nothing, type TemplateResult } from 'lit';
import type { RightsKind, RightsRequestStatus } from '@artgrad/sdk';
import { KK_RIGHTS } from '../later/rights-strings.js';
import type { ScreenHost } from './screen-host.js';

const KINDS: readonly RightsKind[] = ['access', 'correction', 'blocking', 'destruction'];

/** A day (YYYY-MM-DD) as the shopper's language writes it, in Kazakhstan's calendar. */
const day = (h: ScreenHost, iso: string) =>
  new Intl.DateTimeFormat(h._lang === 'kk' ? 'kk-KZ' : h._lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Almaty' }).format(new Date(`${iso.slice(0, 10)}T12:00:00+05:00`));

function renderRequest(h: ScreenHost, r: RightsRequestStatus): TemplateResult {
  const t = h._rs ?? KK_RIGHTS;
  const last = r.events.filter((e) => e.type !== 'extended').at(-1);
  return html`<li>
    <p><strong>${t.kinds[r.kind]}</strong> (${r.item}): <span class="st">${t.states[r.state]}</span></p>
    ${r.receivedAt ? html`<p>${t.received}: ${day(h, r.receivedAt)}${r.dueDay ? html` · ${t.due}: ${day(h, r.dueDay)}${r.provisional ? ` (${t.provisional})` : ''}` : nothing}</p>` : nothing}
    ${r.events.filter((e) => e.text && e.type !== 'extended').map((e) => html`<p>${e.type === 'refused' ? t.reason : t.answer}: ${e.text}</p>`)}
    ${r.events
      .filter((e) => e.attachment)
      .map((e) => html`<p><button class="l" @click=${() => h._on._answer(e.attachment!.path, e.attachment!.name)}>${t.downloadAnswer} (${e.attachment!.name})</button></p>`)}
    ${last?.erasure
      ? html`<details><summary>${t.erased}</summary><p>${last.erasure.why}</p></details>`
      : nothing}
  </li>`;
}

/**
 * "Менің деректерім" in the preferences: the four requests item 23 allows, the shopper's own
 * receipts, and where each request made from this device stands.
 */
export function renderMyData(h: ScreenHost): TemplateResult {
  const t = h._rs ?? KK_RIGHTS;
  return html`<div role="group" aria-labelledby="my-data"><h3 id="my-data">${t.title}</h3>
    <p>${t.intro}</p>
    <div class="kinds">${KINDS.map((kind) => html`<button class="btn sec" part="button" @click=${() => h._on._requestKind(kind)}>${t.kinds[kind]}</button>`)}</div>
    <p><button class="l" @click=${h._on._download}>${h._s.download}</button></p>
    ${h._requests?.length
      ? html`<h4>${t.mine}</h4><ul>${h._requests.map((r) => renderRequest(h, r))}</ul>`
      : nothing}</div>`;
}
