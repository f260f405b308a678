import type { Confirmation } from './record.js';

/**
 * The protective confirmation step's guard (policy item 8: consent given "using elements of
 * protective actions"). Consent counts only after a genuine user activation:
 * - `isTrusted` is read through the browser's own getter, captured when this module loads, so a
 *   plain object, an `Object.create(Event.prototype)` look-alike or a dispatched event fails;
 * - the activation must be in dispatch on the expected control (`currentTarget`), so a trusted
 *   event captured elsewhere on the page and replayed into our handler fails;
 * - it must come at least `MIN_STEP_MS` after the step appeared (by `event.timeStamp`), so a
 *   click or key held from the previous step carries nothing through.
 * A page script that patches these getters before this module loads is outside what a script on
 * the same page can be protected from; the controller's countersignature is the server-side check.
 */
export const MIN_STEP_MS = 600;

type Getter = (this: unknown) => unknown;
const probe = typeof Event === 'function' ? new Event('artgrad') : null;
const getter = (target: object | null, key: string): Getter | undefined =>
  target ? (Object.getOwnPropertyDescriptor(target, key)?.get as Getter | undefined) : undefined;
const isTrustedGetter = getter(probe, 'isTrusted');
const timeStampGetter = typeof Event === 'function' ? getter(Event.prototype, 'timeStamp') : undefined;
const currentTargetGetter = typeof Event === 'function' ? getter(Event.prototype, 'currentTarget') : undefined;

/** The control a trusted event is in dispatch on (native getters), if it lies in `root`; else null. */
export function ownControl(event: unknown, root: Node): HTMLElement | null {
  try {
    const target = isTrustedEvent(event) && (currentTargetGetter!.call(event) as Node | null);
    return target && target.getRootNode() === root ? (target as HTMLElement) : null;
  } catch {
    return null;
  }
}

export type Activation = 'ok' | 'untrusted' | 'early';

/** A genuine event made by the browser from user input, read through the native getter. */
export function isTrustedEvent(event: unknown): boolean {
  try {
    return isTrustedGetter?.call(event) === true;
  } catch {
    return false;
  }
}

/**
 * Classifies an activation of a confirmation control; only `ok` may count. `control` must be the
 * caller's own reference to the control, never one read from the event: the event must be in
 * dispatch *on that control* (after dispatch `currentTarget` is null, and null never matches).
 */
export function checkActivation(event: unknown, control: EventTarget | null | undefined, stepShownAt: number): Activation {
  try {
    if (!control || !isTrustedEvent(event) || currentTargetGetter!.call(event) !== control) return 'untrusted';
    return (timeStampGetter!.call(event) as number) - stepShownAt < MIN_STEP_MS ? 'early' : 'ok';
  } catch {
    // The native getters throw "Illegal invocation" on anything that is not a real Event.
    return 'untrusted';
  }
}

/** Each piece of evidence, and the exact decisions it confirms; spent when used. */
const minted = new WeakMap<Confirmation, string>();
const key = (decisions: Record<string, boolean>) => JSON.stringify(Object.entries(decisions).sort());

/**
 * Evidence of a completed confirmation step for exactly `decisions`, made only from an
 * activation that passed `checkActivation`. The SDK records a grant only with evidence made here,
 * only for those decisions, and only once.
 */
export function confirmationEvidence(
  event: unknown,
  control: EventTarget | null | undefined,
  stepShownAt: number,
  decisions: Record<string, boolean>,
  details: Omit<Confirmation, 'method'> & { method?: string },
): Confirmation | null {
  if (checkActivation(event, control, stepShownAt) !== 'ok') return null;
  const evidence: Confirmation = Object.freeze({
    method: 'checkbox',
    ...details,
    msOnStep: Math.round((timeStampGetter!.call(event) as number) - stepShownAt),
  });
  minted.set(evidence, key(decisions));
  return evidence;
}

/** True once for evidence minted for exactly these decisions; using it spends it. */
export function spendEvidence(value: unknown, decisions: Record<string, boolean>): value is Confirmation {
  if (typeof value !== 'object' || value === null || minted.get(value as Confirmation) !== key(decisions)) return false;
  minted.delete(value as Confirmation);
  return true;
}
