import type { DecisionFlow } from '../flow/decision-flow.js';
import { saveBlob } from './save-blob.js';

// The presses that only the later screens offer (the step's Confirm, the preferences' Save,
// Withdraw all and Download). They travel in the later chunk with the screens that show them,
// so the first paint does not carry them. Each takes the element's #private flow, which only
// the element's own screens are given; a page script has no way to call them with it.

/** Confirm on the step: the evidence of this decision and one recording call into the SDK. */
export async function pressConfirm(flow: DecisionFlow, event: Event): Promise<void> {
  // Our own reference to the button, never one read from the event: the press must be in
  // dispatch on this very button.
  const control = flow._h._root.querySelector('#confirm');
  const pending = flow._pending;
  const method = flow._method;
  if (!method.ready() || !pending) return;
  const opened = flow._textOpenedAt;
  const details = {
    method: method.id,
    fullTextOpened: opened !== null,
    fullTextOpenedAt: opened === null ? null : new Date(opened).toISOString(),
    stepShownAt: new Date(Date.now() - performance.now() + flow._shownAt).toISOString(),
    ...method.evidence(),
  };
  const lang = flow._h._lang;
  const verdict = await flow._record((core) => core.confirm({ event, control, stepShownAt: flow._shownAt }, pending, details, lang));
  if (verdict === 'ok') {
    flow._recorded();
    if (flow._h._layer === 'confirm') flow._close();
  } else if (verdict) flow._ignored(verdict);
}

/** Save in the preferences: a new grant goes through the step; a withdrawal alone needs none. */
export async function pressSave(flow: DecisionFlow, event: Event): Promise<void> {
  const h = flow._h;
  if (!flow._own(event)) return;
  const state = h._core.state();
  const shown = h._shown();
  const ticked = flow._ticked;
  const grants = shown.filter((p) => ticked.has(p.id) && !state[p.id]?.granted);
  const revoked = shown.filter((p) => !ticked.has(p.id) && state[p.id]?.granted);
  if (grants.length) {
    flow._startConfirm(Object.fromEntries(shown.map((p) => [p.id, ticked.has(p.id)])));
  } else if (revoked.length) {
    // Withdrawal needs no extra step: it must be as easy as granting, never harder.
    if ((await flow._decide(Object.fromEntries(revoked.map((p) => [p.id, false])), { method: 'direct' })) && flow._h._layer === 'prefs') flow._close();
  } else flow._close();
}

export async function pressWithdrawAll(flow: DecisionFlow, event: Event): Promise<void> {
  if (!flow._own(event)) return;
  try {
    await flow._h._api.withdraw();
    if (flow._h._layer === 'prefs') flow._close();
  } catch {
    flow._h._statusText = flow._h._s.error;
  }
}

/** The shopper's own copy of every receipt: proof they can keep (policy item 26.5). */
export async function pressDownload(flow: DecisionFlow): Promise<void> {
  saveBlob(await flow._h._api.exportReceipts(), 'artgrad-consent-receipts.json');
}

/** `api.open(purpose)`: the step for granting `purpose`, the rest of what is shown as it stands. */
export function openGrant(flow: DecisionFlow, purpose: string): void {
  const h = flow._h;
  if (!h._core.config.catalogue.some((p) => p.id === purpose)) return void console.error(`[artgrad-consent] open(): unknown purpose "${purpose.slice(0, 40)}"`);
  const state = h._core.state();
  flow._startConfirm({ ...Object.fromEntries(h._shown().map((p) => [p.id, state[p.id]?.granted === true])), [purpose]: true });
}
