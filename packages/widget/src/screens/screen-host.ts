import type { Language, Purpose, UiStrings } from '@artgrad/policy';
import type { ConsentInternals, Decisions, RightsKind, RightsRequestStatus } from '@artgrad/sdk';
import type { ConfirmationContext, ConfirmationMethod } from '../confirmation-method.js';
import type { RightsStrings } from '../later/rights-strings.js';

/** The element's actions, for the screens' controls (`_`-prefixed, like `ScreenHost`). */
export interface ScreenActions {
  _switch(event: Event): void;
  _language(event: Event): void;
  _agree(event: Event): void;
  _refuse(event: Event): void;
  _save(event: Event): void;
  _withdrawAll(event: Event): void;
  _confirm(event: Event): void;
  _openText(event: Event): void;
  _closeText(event?: Event): void;
  _download(): void;
  _back(): void;
  _close(): void;
  _prefs(): void;
  /** "Менің деректерім": put a request of this kind on the confirmation step. */
  _requestKind(kind: RightsKind): void;
  /** Typing in the request step's fields. */
  _requestInput(event: Event): void;
  _requestConfirm(event: Event): void;
  /** Downloads an answer's attachment (with proof of the device key). */
  _answer(path: string, name: string): void;
}

/**
 * What a screen renders from: the element's state as it is now, and its actions. Screens are
 * functions of this, with no state of their own, so that each can live in its own module (and,
 * later, its own chunk) while the element keeps every decision-bearing field #private. Members
 * are `_`-prefixed, so that the script-tag build may shorten them (`mangleInternals`).
 */
export interface ScreenHost {
  readonly _core: ConsentInternals;
  readonly _lang: Language;
  readonly _s: UiStrings;
  /** The live region's text (announced where a screen shows it). */
  readonly _statusText: string;
  readonly _inline: boolean;
  /** The purposes this element shows, in order. */
  readonly _shown: readonly Purpose[];
  /** Switched on by the shopper, never pre-ticked. */
  readonly _ticked: ReadonlySet<string>;
  /** What the confirmation step restates. */
  readonly _pending: Decisions | null;
  readonly _method: ConfirmationMethod;
  _methodContext(): ConfirmationContext;
  /** The rights request on the confirmation step, instead of a consent decision. */
  readonly _request: { readonly kind: RightsKind; readonly details: string | null } | null;
  /** "Менің деректерім" in the language on screen, when it is not Kazakh (then the later screens' own). */
  readonly _rs: RightsStrings | undefined;
  /** This device's rights requests, once read. */
  readonly _requests: readonly RightsRequestStatus[] | null;
  readonly _on: ScreenActions;
}
