import type { RightsKind } from '@artgrad/sdk';
import type { DecisionFlow } from '../flow/decision-flow.js';
import { saveBlob } from './save-blob.js';
import { KK_RIGHTS } from './rights-strings.js';

// The presses of "Менің деректерім" (item 23), in the later chunk with the preferences that offer them.

/**
 * Puts a rights request on the confirmation step. Always the guarded checkbox, whatever method
 * the site confirms consent with: a request asks the receiver for something, it grants nothing.
 */
export function openRequest(flow: DecisionFlow, kind: RightsKind, details: string | null = null): void {
  const h = flow._h;
  flow._pending = null;
  flow._request = { kind, details };
  flow._method = flow._checkbox();
  h._statusText = '';
  h._remember();
  h._layer = 'confirm';
}

/** Keeps what the shopper types in the step's free text (Confirm waits for it on a correction). */
export function typeRequest(flow: DecisionFlow, event: Event): void {
  const field = event.target as HTMLTextAreaElement | HTMLInputElement;
  if (field.id === 'rq-details' && flow._request) flow._request = { ...flow._request, details: field.value };
  flow._h._update();
}

/** Confirm on the request step: the same one call into the SDK, the same activation check, as for consent. */
export async function pressRequestConfirm(flow: DecisionFlow, event: Event): Promise<void> {
  const h = flow._h;
  const control = h._root.querySelector('#confirm');
  const request = flow._request;
  if (!flow._method.ready() || !request) return;
  const replyTo = h._root.querySelector<HTMLInputElement>('#rq-reply')?.value ?? null;
  const lang = h._lang;
  let invalid: string | null = null;
  const outcome = await flow._record((core) =>
    core.fileRequest({ event, control, stepShownAt: flow._shownAt }, { kind: request.kind, details: request.details, replyTo }, lang).catch((error: unknown) => {
      // A reply address or text the SDK refuses is the shopper's to correct: said as it is.
      // (By its code: this chunk does not carry the SDK's error class.)
      if ((error as { code?: string })?.code === 'REQUEST_INVALID') return (invalid = (error as Error).message), null;
      throw error;
    }),
  );
  if (invalid) return void h._announce(invalid);
  if (!outcome) return;
  if (outcome.verdict !== 'ok') return flow._ignored(outcome.verdict);
  // Signed and kept: `api.request()` has its answer, and the preferences show where it stands.
  flow._request = null;
  flow._asked?.resolve(outcome.request!);
  flow._asked = null;
  // The preferences read the requests as they open.
  flow._show('prefs');
  h._announce((h._rs ?? KK_RIGHTS).sent);
}

/** Reads this device's requests for the preferences, and follows their changes from then on. */
export async function readRequests(flow: DecisionFlow): Promise<void> {
  const h = flow._h;
  flow._unwatch ??= h._api.on('requests', (list) => {
    flow._requests = list;
    h._update();
  });
  try {
    flow._requests = await h._api.requests();
    h._update();
  } catch {
    // Without the engine or the receiver the section still offers the requests; the list waits.
  }
}

/** Saves an answer's attachment, downloaded with proof of the device key. */
export async function pressAnswer(flow: DecisionFlow, path: string, name: string): Promise<void> {
  try {
    saveBlob(await flow._h._api.requestAnswer(path), name);
  } catch {
    flow._h._announce(flow._h._s.error);
  }
}
