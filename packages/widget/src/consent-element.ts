import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { KK_STRINGS, isLanguage, type Language, type Purpose, type UiStrings } from '@artgrad/policy';
import { consentInternals, type ConsentApi, type ConsentChange, type ConsentInternals } from '@artgrad/sdk';
import { checkboxConfirmation, type ConfirmationMethod } from './confirmation-method.js';
import { DecisionFlow } from './flow/decision-flow.js';
import type { FlowHost, View } from './flow/flow-host.js';
import { FormControl } from './form/form-control.js';
import { setOpen, trapFocus } from './layers/dialogs.js';
import { focusedElement, returnFocus } from './layers/focus-return.js';
import { reserveBottom } from './reserve.js';
import { laterScreens } from './later/fetch-later.js';
import { isFetchedMethod, methodOf } from './methods/registry.js';
import { renderBanner, renderReopen } from './screens/banner.js';
import { renderInline } from './screens/inline.js';
import type { ScreenActions, ScreenHost } from './screens/screen-host.js';
import { fetchLanguages, rightsStringsOf, stringsOf } from './strings/ui-strings.js';
import { styles } from './styles.js';

let defaultConsent: ConsentApi | null = null;

/** Gives every `<artgrad-consent>` without its own `consent` property this SDK instance. */
export function provideConsent(api: ConsentApi): void {
  defaultConsent = api;
}

export { registerConfirmationMethod, registerFetchedConfirmationMethod } from './methods/registry.js';

/** Detail of `consent-change`: the purposes and whether each is granted. */
export type ConsentChangeEvent = CustomEvent<ConsentChange>;

/**
 * The ArtGrad consent banner, preferences and inline form control: a shell that owns the
 * element's life (attributes, connection, rendering, focus, form association). What a press
 * does lives in its #private `DecisionFlow`; what each layer looks like, in `screens/` and
 * `later/`.
 *
 * @fires consent-change - after any decision, in this tab or another (bubbles, composed).
 * @csspart banner - the first layer, fixed to the bottom of the viewport.
 * @csspart button - every action button; `agree` and `refuse` are also parts and look alike, and
 *   the step's `confirm`.
 * @csspart confirm-check - the confirmation step's guarded checkbox.
 * @csspart dialog - the full text, confirmation and preferences dialogs.
 * @csspart switch - a purpose's switch.
 * @csspart reopen - the small "Жеке деректер" control that reopens the preferences.
 * @csspart inline - the inline form control.
 * @cssproperty --artgrad-bg - background (default white).
 * @cssproperty --artgrad-fg - text colour.
 * @cssproperty --artgrad-accent - buttons and switches.
 * @cssproperty --artgrad-accent-fg - text on the accent colour.
 * @cssproperty --artgrad-focus - focus ring colour.
 * @cssproperty --artgrad-font - font family.
 */
export class ArtgradConsentElement extends LitElement {
  static override styles = styles;
  static formAssociated = true;
  static override properties = {
    language: { reflect: true },
    mode: { reflect: true },
    purposes: {},
    required: { type: Boolean, reflect: true },
    confirm: {},
    open: { type: Boolean, reflect: true },
    // Reactive state is looked up by name, so it is not `_`-prefixed (the build renames those).
    // Which layer shows is not among it: it lives in #view, out of page scripts' reach, because
    // putting a step back on screen could bring back a box the shopper had ticked.
    textOpen: { state: true },
    statusText: { state: true },
  };

  /** Interface language: `kk` (default), `ru` or `en`. */
  declare language: Language;
  /** `banner` (default): the site-wide banner. `inline`: a form control. */
  declare mode: 'banner' | 'inline';
  /** Inline mode: the purposes this control asks for, comma- or space-separated. */
  declare purposes: string;
  /** Inline mode: the form cannot be submitted until these purposes are granted. */
  declare required: boolean;
  /** Confirmation method id (`checkbox` by default). */
  declare confirm: string;
  /** Reflects whether the banner or a dialog is showing, for the page's CSS. */
  declare open: boolean;
  /** The SDK instance; defaults to the one given to `provideConsent`. */
  consent: ConsentApi | null = null;

  declare private textOpen: boolean;
  declare private statusText: string;
  #view: View = 'none';
  /** The view before the last change, until `updated` has dealt with it. */
  #viewBefore: View | null = null;
  /** Whether focus was inside this element when the layers closed (only then is it restored). */
  #hadFocus = false;
  #returnTo: HTMLElement | null = null;
  #form: FormControl | null = null;
  #core: ConsentInternals | null = null;
  #flow: DecisionFlow | null = null;
  #unsubscribe: (() => void) | null = null;
  #resize: ResizeObserver | null = null;

  constructor() {
    super();
    this.language = 'kk';
    this.mode = 'banner';
    this.purposes = 'processing';
    this.required = false;
    this.confirm = 'checkbox';
    this.open = false;
    this.textOpen = false;
    this.statusText = '';
    try {
      this.#form = new FormControl(this.attachInternals());
    } catch {
      // Not every host supports form-associated elements; the banner works without it.
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.#onKey);
    const api = this.consent ?? defaultConsent;
    if (!api) {
      console.error('[artgrad-consent] no SDK: call provideConsent(createConsent(config)) or set the element\'s consent property');
      return;
    }
    this.consent = api;
    this.#core = consentInternals(api);
    this.#flow ??= new DecisionFlow(this.#flowHost());
    // Read before `language` is set here: it reflects, and the attribute would then look authored.
    const authored = this.hasAttribute('language');
    // The shopper's own earlier choice wins over the site's default, not over the page's attribute.
    const chosen = this.#core.language();
    if (!authored) this.language = isLanguage(chosen) ? chosen : this.#core.config.language;
    this.#unsubscribe = api.on('change', (change) => {
      this.#syncForm();
      // Decided in another tab: this tab's banner has nothing left to ask. Or the backend's
      // /config now asks for more: the banner comes back.
      if (this.mode !== 'inline') {
        if (this.#layer === 'banner' && !this.#core!.needsDecision()) this.#layer = 'none';
        else if (this.#layer === 'none' && this.#core!.needsDecision()) this.show('banner');
      }
      this.requestUpdate();
      this.dispatchEvent(new CustomEvent('consent-change', { detail: change, bubbles: true, composed: true }));
    });
    if (this.mode !== 'inline') {
      this.#core.setOpener((purpose) => (purpose ? this.#flow!._grant(purpose) : this.show('prefs')));
      this.#core.setRequestOpener((kind, details) => this.#flow!._ask(kind, details));
    }
    // The banner paints from the decision hint at once; the records, read later, confirm it.
    if (this.mode !== 'inline' && this.#core.needsDecision()) this.show('banner');
    // With a banner to show: once it is painted and the page is idle, what a press on it will
    // need (fetching and evaluating that earlier would delay the paint). With none: the SDK at
    // once, which checks the hint against the records and syncs; nothing on screen waits for it.
    if (this.#layer === 'banner' || this.mode === 'inline') {
      const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200));
      const prefetch = () => void this.#flow!._prepare().catch(() => undefined);
      // rAF, then a task: after the frame that shows the banner has been produced.
      void this.updateComplete.then(() => requestAnimationFrame(() => setTimeout(() => idle(prefetch, { timeout: 2_000 }))));
    } else this.#core.warm();
    void api.ready().then(() => {
      // The shopper's own earlier choice wins over the site's default, not over the page's attribute.
      const chosen = this.#core!.language();
      if (!authored && isLanguage(chosen)) this.language = chosen;
      // Shown already from the hint: left as it is, with whatever the shopper has ticked since.
      if (this.mode !== 'inline' && this.#layer === 'none' && this.#core!.needsDecision()) this.show('banner');
      this.#syncForm();
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#resize?.disconnect();
    if (this.mode !== 'inline') {
      this.#core?.setOpener(null);
      this.#core?.setRequestOpener(null);
      reserveBottom(0);
    }
    this.#flow?._disconnect();
  }

  /** Shows the banner or the preferences. Nothing shown here records consent by itself. */
  show(view: 'banner' | 'prefs'): void {
    this.#flow?._show(view);
  }

  get #layer(): View {
    return this.#view;
  }

  set #layer(view: View) {
    if (view === this.#view) return;
    this.#viewBefore ??= this.#view;
    // Read before the render removes the focused control.
    // (Through the root this element lives in: a page component may hold it in its own shadow.)
    if (view === 'none') this.#hadFocus = (this.getRootNode() as Document | ShadowRoot).activeElement === this;
    this.#view = view;
    this.requestUpdate();
  }

  get #s(): UiStrings {
    return stringsOf(this.#lang) ?? KK_STRINGS;
  }

  #ids(): string[] {
    return this.purposes.split(/[\s,]+/).filter(Boolean);
  }

  #shown(): Purpose[] {
    if (!this.#core) return [];
    if (this.mode !== 'inline') return this.#core.shownPurposes();
    return this.#ids().flatMap((id) => this.#core!.config.catalogue.filter((p) => p.id === id));
  }

  // ---------------------------------------------------------------- rendering

  /**
   * The language on screen: the one asked for once its strings are here. Until then, the one
   * shown before (a shopper switching keeps a working banner), or, on a first paint in Russian
   * or English, none yet: the banner waits for its strings, or for their failure (then Kazakh).
   */
  #speaking: Language | null = null;

  protected override willUpdate(): void {
    const wanted = isLanguage(this.language) ? this.language : 'kk';
    if (stringsOf(wanted)) this.#speaking = wanted;
    else
      void fetchLanguages().then(
        () => this.requestUpdate(),
        () => {
          this.#speaking ??= 'kk';
          this.requestUpdate();
        },
      );
  }

  protected override render(): TemplateResult {
    const h = this.#host();
    const later = laterScreens();
    const first = this.#speaking !== null;
    return html`<div lang=${this.#lang}>
      ${this.mode === 'inline' ? (first ? renderInline(h, this.#requiredGranted()) : nothing) : this.#layer === 'banner' && first ? renderBanner(h) : nothing}
      ${this.mode !== 'inline' && this.#layer === 'none' && this.#core && !this.#core.needsDecision() ? renderReopen(h) : nothing}
      <dialog part="dialog" aria-labelledby="confirm-title" @cancel=${this.#onCancel} @keydown=${trapFocus}>
        ${this.#layer === 'confirm' && later ? (this.#flow!._request ? later.renderRequestStep(h) : later.renderConfirmStep(h)) : nothing}
      </dialog>
      <dialog part="dialog" aria-labelledby="prefs-title" @cancel=${this.#onCancel} @keydown=${trapFocus}>
        ${this.#layer === 'prefs' && later ? later.renderPreferences(h) : nothing}
      </dialog>
      <dialog class="text" part="dialog" aria-labelledby="text-title" @cancel=${this.#closeText} @keydown=${trapFocus}>
        ${this.textOpen && later && this.#core?.document() ? later.renderFullText(h) : nothing}
      </dialog>
    </div>`;
  }

  /** The screens' view of this element: its state now, and its actions (made once). */
  #host(): ScreenHost {
    const flow = this.#flow!;
    return {
      _core: this.#core!,
      _lang: this.#lang,
      _s: this.#s,
      _statusText: this.statusText,
      _inline: this.mode === 'inline',
      _shown: this.#shown(),
      _ticked: flow._ticked,
      _pending: flow._pending,
      _method: flow._method,
      _methodContext: () => flow._context(),
      _request: flow._request,
      _rs: rightsStringsOf(this.#lang),
      _requests: flow._requests,
      _on: (this.#actions ??= { ...flow._actions(), _language: (e) => this.#onLanguage(e) }),
    };
  }
  #actions: ScreenActions | null = null;

  /** The flow's view of this element, made once and given to it alone. */
  #flowHost(): FlowHost {
    const element = this;
    return {
      get _root() {
        return element.renderRoot;
      },
      get _core() {
        return element.#core!;
      },
      get _api() {
        return element.consent!;
      },
      get _s() {
        return element.#s;
      },
      get _lang() {
        return element.#lang;
      },
      get _inline() {
        return element.mode === 'inline';
      },
      get _rs() {
        return rightsStringsOf(element.#lang);
      },
      _shown: () => element.#shown(),
      _methodId: () => element.#methodId(),
      _maker: (id) => element.#maker(id),
      get _layer() {
        return element.#layer;
      },
      set _layer(view) {
        element.#layer = view;
      },
      get _statusText() {
        return element.statusText;
      },
      set _statusText(text) {
        element.statusText = text;
      },
      get _textOpen() {
        return element.textOpen;
      },
      set _textOpen(open) {
        element.textOpen = open;
      },
      _remember: () => element.#remember(),
      _announce: (message) => element.#announce(message),
      _update: () => element.requestUpdate(),
    };
  }

  #onLanguage(event: Event): void {
    const value = (event.currentTarget as HTMLSelectElement).value;
    if (!isLanguage(value)) return;
    this.language = value;
    this.#core?.setLanguage(value);
  }

  /** Escape on a dialog closes it (or steps back from the confirmation step), never consents. */
  #onCancel = (event: Event) => {
    event.preventDefault();
    this.#flow?._cancel();
  };

  #closeText = (event: Event) => {
    event.preventDefault();
    this.textOpen = false;
  };

  /** Escape while a layer is still being fetched cancels the wait. */
  #onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.#flow?._escape();
  };

  get #lang(): Language {
    return this.#speaking ?? 'kk';
  }

  protected override updated(changed: PropertyValues): void {
    const [confirm, prefs, text] = this.renderRoot.querySelectorAll('dialog');
    const opened = setOpen(confirm!, this.#layer === 'confirm');
    setOpen(prefs!, this.#layer === 'prefs');
    setOpen(text!, this.textOpen);
    if (opened) {
      // Focus goes to the heading, not to a control, so that no held key can activate anything.
      // The 600 ms guard counts from the first frame that shows the step, not from this call:
      // a long task now must not use the guard up before anything is on screen.
      this.#flow!._stepOpened();
      (this.renderRoot.querySelector('#confirm-title') as HTMLElement).focus();
    }
    const before = this.#viewBefore;
    this.#viewBefore = null;
    if (before !== null) {
      this.open = this.#layer !== 'none';
      this.#flow?._left(before, this.#layer);
      if (before !== 'none' && this.#layer === 'none' && this.#hadFocus) this.#restoreFocus();
      // Back from the step, or out of the preferences while a decision is still needed: the layer
      // was drawn anew, so focus starts on its Agree, or on the preferences' first switch.
      else if ((before === 'confirm' || before === 'prefs') && (this.#layer === 'banner' || this.#layer === 'prefs')) {
        this.renderRoot.querySelector<HTMLElement>(this.#layer === 'banner' ? '[part~="agree"]' : 'dialog[open] [role="switch"]')?.focus();
      }
    }
    if (changed.has('language') && !isLanguage(this.language)) this.#problem('language', `unknown language "${this.language}"; use kk, ru or en`);
    if (changed.has('mode') && this.mode !== 'banner' && this.mode !== 'inline') this.#problem('mode', `unknown mode "${this.mode}"; use banner or inline`);
    // The method is named once, where it is chosen: the attribute here, else the SDK's setting.
    if (changed.has('confirm') && this.#core) this.#maker(this.#methodId(), true);
    if (this.mode === 'inline' && (changed.has('purposes') || changed.has('required') || changed.has('mode'))) {
      const unknown = this.#ids().filter((id) => !this.#shown().some((p) => p.id === id));
      if (this.#core && unknown.length) this.#problem('purposes', `unknown purpose ${unknown.map((u) => `"${u}"`).join(', ')}`);
      this.#syncForm();
    }
    if (this.mode !== 'inline') this.#watchReserve();
  }

  /** The element's own `confirm` attribute wins; otherwise the site's configured method. */
  #methodId(): string {
    return this.hasAttribute('confirm') ? this.confirm : this.#core!.config.confirmation;
  }

  /** The method for `id`; one not registered (ESM sites register their own) is said, not hidden. */
  #maker(id: string, say = false): (core: ConsentInternals) => ConfirmationMethod {
    const make = methodOf(id);
    if (!make && say && !isFetchedMethod(id)) this.#problem('confirm', `no confirmation method "${id}" registered; using checkbox`);
    return make ?? checkboxConfirmation;
  }

  /** A bad attribute on the element: said once per change, naming it; the default is used. */
  #problem(attribute: string, message: string): void {
    console.error(`[artgrad-consent] <artgrad-consent ${attribute}>: ${message}`);
  }

  #watchReserve(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.banner, .reopen');
    this.#resize?.disconnect();
    if (!box) return reserveBottom(0);
    // Reserve from the box's top edge to the viewport's bottom: its height plus any offset.
    this.#resize ??= new ResizeObserver((entries) => {
      const target = entries[entries.length - 1]!.target;
      reserveBottom(target.isConnected ? innerHeight - target.getBoundingClientRect().top : 0);
    });
    this.#resize.observe(box);
  }

  /** Cleared first, so that the same message said twice is announced twice. */
  #announce(message: string): void {
    this.statusText = '';
    void this.updateComplete.then(() => (this.statusText = message));
  }

  /** Where focus goes back to when the layers close. */
  #remember(): void {
    if (this.#layer !== 'none') return;
    this.#returnTo = focusedElement();
  }

  #restoreFocus(): void {
    void this.updateComplete.then(() => returnFocus(this.#returnTo, () => this.renderRoot.querySelector<HTMLElement>('.reopen, .inline button')));
  }

  // ---------------------------------------------------------------- form association

  /** The form this control belongs to (inline mode). */
  get form(): HTMLFormElement | null {
    return this.#form?.internals.form ?? null;
  }
  get name(): string | null {
    return this.getAttribute('name');
  }
  get validity(): ValidityState | undefined {
    return this.#form?.internals.validity;
  }
  get validationMessage(): string {
    return this.#form?.internals.validationMessage ?? '';
  }
  checkValidity(): boolean {
    return this.#form?.internals.checkValidity() ?? true;
  }
  reportValidity(): boolean {
    return this.#form?.internals.reportValidity() ?? true;
  }

  #requiredGranted(): boolean {
    return FormControl.granted(this.#core, this.#shown().map((p) => p.id));
  }

  #syncForm(): void {
    if (this.mode !== 'inline' || !this.#form || !this.#core) return;
    this.#form.sync(
      this.#core,
      this.#shown().map((p) => p.id),
      () => this.required,
      this.#s.required,
      () => this.renderRoot.querySelector<HTMLElement>('input, button') ?? undefined,
      this.updateComplete,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'artgrad-consent': ArtgradConsentElement;
  }
  interface GlobalEventHandlersEventMap {
    'consent-change': ConsentChangeEvent;
  }
}
