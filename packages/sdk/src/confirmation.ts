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

/** What the confirmation method adds to the step's evidence (the method's id among it). */
export type StepDetails = Omit<Confirmation, 'method'> & { method?: string };

/**
 * The evidence of a confirmation step for a press `checkActivation` found `ok`: the method's
 * details and how long the shopper was on the step.
 */
export function stepEvidence(event: Event, stepShownAt: number, details: StepDetails): Confirmation {
  return { method: 'checkbox', ...details, msOnStep: Math.round((timeStampGetter!.call(event) as number) - stepShownAt) };
}
