import type { PolicyDocument, PolicyIdentity, Purpose } from '@artgrad/policy';
import type { ConfigProblem, ResolvedConfig } from './config.js';
import type { Activation, StepDetails } from './confirmation.js';
import type { ConsentApi } from './consent-api.js';
import { ConsentError } from './errors.js';
import type { Confirmation, Decisions, DecisionRecord } from './record.js';
import type { ConsentState } from './state.js';
import type { RightsKind, RightsRequestStatus } from './rights/request-entry.js';
import type { RequestInput } from './rights/sign-request.js';

/** A press of the confirmation step's confirm control, as the widget saw it. */
export interface ConfirmPress {
  event: Event;
  /** The widget's own reference to the control, never one read from the event. */
  control: EventTarget | null;
  /** `performance.now()` of the first frame that showed the step. */
  stepShownAt: number;
}

/** What the widget needs beyond the public API. Reached through `consentInternals(api)`. */
export interface ConsentInternals {
  readonly config: ResolvedConfig;
  readonly problems: readonly ConfigProblem[];
  /** The policy text this build confirms (its text is fetched by `prepare`). */
  readonly policy: PolicyIdentity;
  /** `navigator.globalPrivacyControl`: optional purposes start off and the banner says why. */
  readonly gpc: boolean;
  /** The interface language the shopper last chose on this device, or null. */
  language(): string | null;
  /** Remembers the shopper's choice of interface language on this device. */
  setLanguage(language: string): void;
  state(): ConsentState;
  record(id: string): DecisionRecord | undefined;
  /** The purposes asked for now: the backend's `/config` when known (marketers switch
   * `dissemination` there), else the site's configuration. */
  requested(): readonly string[];
  /** True when the shopper has not decided under this policy text or on some requested purpose. */
  needsDecision(): boolean;
  /** Purposes to show: the requested ones, then any granted one no longer requested (so it can be withdrawn). */
  shownPurposes(): Purpose[];
  /**
   * Records a refusal or a withdrawal. A grant is refused here (`NOT_CONFIRMED`): it takes
   * `confirm`. Before the records are read (the engine has not arrived), the decision is held in
   * the decision hint and signed once they are: it then resolves `null`.
   */
  decide(decisions: Decisions, confirmation: Confirmation | null, language: string): Promise<DecisionRecord | null>;
  /**
   * The confirmation step's press, in one call: its activation is checked once
   * (`checkActivation`) and only a genuine press on the control, at least 600 ms after the step
   * showed, records `decisions` with the step's evidence. Resolves with the verdict; nothing is
   * recorded unless it is `ok`.
   */
  confirm(press: ConfirmPress, decisions: Decisions, details: StepDetails, language: string): Promise<Activation>;
  setOpener(open: ((purpose?: string) => void) | null): void;
  /** The element's way to put a rights request on its confirmation step (`api.request`). */
  setRequestOpener(open: ((kind: RightsKind, details?: string) => Promise<RightsRequestStatus>) | null): void;
  /**
   * The step's press for a rights request, as `confirm` for consent: only a genuine press, 600 ms
   * after the step showed, signs and sends the request. Resolves with the verdict and, when `ok`,
   * the request.
   */
  fileRequest(press: ConfirmPress, input: RequestInput, language: string): Promise<{ verdict: Activation; request?: RightsRequestStatus }>;
  /** The device key's `kid` (made now if need be): a one-time-code token is bound to it. */
  deviceKid(): Promise<string>;
  /**
   * Fetches what the confirmation step needs: the engine that signs, and the full policy text,
   * checked against the hash this build names. Rejects with `ConsentError('LOAD')`; a later call
   * tries again.
   */
  prepare(): Promise<PolicyDocument>;
  /** The full policy text, once `prepare` has fetched and checked it. */
  document(): PolicyDocument | null;
  /** Starts fetching the engine now (a lazy SDK fetches it when first needed). */
  warm(): void;
}

const internals = new WeakMap<ConsentApi, ConsentInternals>();

/** Links an API to its internals; only `createConsent` does. */
export function provideInternals(api: ConsentApi, inside: ConsentInternals): void {
  internals.set(api, inside);
}

/** The widget's way in; the script-tag build keeps it inside its closure, away from page scripts. */
export function consentInternals(api: ConsentApi): ConsentInternals {
  const found = internals.get(api);
  if (!found) throw new ConsentError('CONFIG', 'not an API made by createConsent()');
  return found;
}
