import type { Language, Purpose, UiStrings } from '@artgrad/policy';
import type { ConsentApi, ConsentInternals } from '@artgrad/sdk';
import type { ConfirmationMethod } from '../confirmation-method.js';
import type { RightsStrings } from '../later/rights-strings.js';

/** Which layer is on screen. */
export type View = 'none' | 'banner' | 'confirm' | 'prefs';

/**
 * The element, as the decision flow sees it. The element makes one of these and hands it only
 * to its own flow, held in a #private field, so page scripts reach neither the layer setter nor
 * the flow. Members are `_`-prefixed so the script-tag build may shorten them.
 */
export interface FlowHost {
  /** The element's shadow root: presses count only on controls inside it. */
  readonly _root: HTMLElement | DocumentFragment;
  readonly _core: ConsentInternals;
  readonly _api: ConsentApi;
  readonly _s: UiStrings;
  readonly _lang: Language;
  readonly _inline: boolean;
  /** "Менің деректерім" in the language on screen when it is not Kazakh. */
  readonly _rs: RightsStrings | undefined;
  /** The purposes this element shows, in order. */
  _shown(): Purpose[];
  /** The confirmation method chosen for this element, and its maker. */
  _methodId(): string;
  _maker(id: string): (core: ConsentInternals) => ConfirmationMethod;
  _layer: View;
  _statusText: string;
  _textOpen: boolean;
  /** Remembers where focus goes back to, before a layer opens over the page. */
  _remember(): void;
  /** Says `message` in the live region, cleared first so that a repeat is announced again. */
  _announce(message: string): void;
  _update(): void;
}
