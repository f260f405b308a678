import { html, type TemplateResult } from 'lit';
import { renderPolicy } from '../policy-text.js';
import type { ScreenHost } from './screen-host.js';

/** The policy's full text, the exact text the receipt's hash is of, in a scrollable region. */
export function renderFullText(h: ScreenHost): TemplateResult {
  return html`<div class="bar"><button class="l" @click=${h._on._closeText}>${h._s.close}</button></div>
    <div class="scroll" tabindex="0" role="region" aria-labelledby="text-title">${renderPolicy(h._core.document()!, 'text-title')}</div>`;
}
