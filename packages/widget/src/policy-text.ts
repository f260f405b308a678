import { html, nothing, type TemplateResult } from 'lit';
import type { PolicyDocument, PolicyPart, PolicySubItem } from '@artgrad/policy';

/**
 * The full policy, every item with its numbering as text (so that copying it, or reading it
 * with a screen reader, gives the numbers too), bullets as list markers.
 */
export function renderPolicy(policy: PolicyDocument, headingId: string): TemplateResult {
  return html`<article class="policy" lang=${policy.language}>
    <h2 id=${headingId}>${policy.title}</h2>
    <h3>${policy.name}</h3>
    ${policy.preamble.map((p) => html`<p>${p}</p>`)}
    <ol class="items">
      ${policy.items.map((item) => html`<li><p><span class="n">${item.n}.</span> ${item.text}</p>${groupParts(item.parts)}</li>`)}
    </ol>
  </article>`;
}

/** Consecutive sub-items share one list; paragraphs sit between lists in document order. */
function groupParts(parts: readonly PolicyPart[]): TemplateResult[] {
  const out: TemplateResult[] = [];
  let run: PolicySubItem[] = [];
  const flush = () => {
    if (run.length) out.push(html`<ol>${run.map(renderSub)}</ol>`);
    run = [];
  };
  for (const part of parts) {
    if (part.kind === 'sub') run.push(part.sub);
    else {
      flush();
      out.push(html`<p>${part.text}</p>`);
    }
  }
  flush();
  return out;
}

const renderSub = (sub: PolicySubItem) =>
  html`<li><span class="n">${sub.n})</span> ${sub.text}${sub.bullets.length
    ? html`<ul>${sub.bullets.map((b) => html`<li>${b}</li>`)}</ul>`
    : nothing}</li>`;
