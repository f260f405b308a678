import { ConsentError, ownControl, type Activation, type ConsentInternals, type Decisions, type RightsKind, type RightsRequestStatus } from '@artgrad/sdk';
import { checkboxConfirmation, type ConfirmationContext, type ConfirmationMethod } from '../confirmation-method.js';
import { fetchLater, laterScreens } from '../later/fetch-later.js';
import { fetchMethod, methodReady } from '../methods/registry.js';
import type { ScreenActions } from '../screens/screen-host.js';
import type { FlowHost, View } from './flow-host.js';
import { PendingFetch } from './pending-fetch.js';

/**
 * What each press does, from the first layer to a recorded decision: what is ticked, what the
 * confirmation step restates, the evidence it gathers, and the one call into the SDK. The
 * element holds it in a #private field and renders from it; nothing here is reachable from the
 * page, so no page script can tick a box, fill the step or press for the shopper.
 */
export class DecisionFlow {
  /** Switched on by the shopper, never pre-ticked. */
  _ticked = new Set<string>();
  /** What the confirmation step restates, while it is open. */
  _pending: Decisions | null = null;
  _method: ConfirmationMethod = checkboxConfirmation();
  /** The guarded checkbox, for the later chunk's request step (which does not carry it twice). */
  readonly _checkbox = checkboxConfirmation;
  /** The rights request on the step instead of a decision (item 23), and this device's requests once read. */
  _request: { kind: RightsKind; details: string | null } | null = null;
  _requests: readonly RightsRequestStatus[] | null = null;
  /** Stops following the device's requests; set once the preferences first read them. */
  _unwatch: (() => void) | null = null;
  /** `api.request()` waiting for the shopper's confirmation. */
  _asked: { resolve(request: RightsRequestStatus): void; reject(error: ConsentError): void } | null = null;
  /** When the step was first on screen (the 600 ms guard counts from it); Infinity until then. */
  _shownAt = 0;
  /** When the full text was first opened for the decision in progress. */
  _textOpenedAt: number | null = null;
  #busy = false;
  readonly #wait: PendingFetch;
  #actions: Omit<ScreenActions, '_language'> | null = null;

  constructor(readonly _h: FlowHost) {
    const h = _h;
    this.#wait = new PendingFetch({
      _loading: () => h._announce(h._s.loading),
      _failed: () => h._announce(h._s.loadFailed),
      _done: () => (h._statusText = ''),
    });
  }

  /** The screens' controls, made once. */
  _actions(): Omit<ScreenActions, '_language'> {
    return (this.#actions ??= {
      _switch: (e) => this.#onSwitch(e),
      _agree: (e) => this.#onAgree(e),
      _refuse: (e) => void this.#onRefuse(e),
      // Offered only by the later screens, so they are there whenever these are pressed.
      _save: (e) => void laterScreens()!.pressSave(this, e),
      _withdrawAll: (e) => void laterScreens()!.pressWithdrawAll(this, e),
      _confirm: (e) => void laterScreens()!.pressConfirm(this, e),
      _openText: (e) => this.#openText(e),
      _closeText: (e) => this.#closeText(e),
      _download: () => void laterScreens()!.pressDownload(this),
      _back: () => this._back(),
      _close: () => this._close(),
      _prefs: () => this._show('prefs'),
      _requestKind: (kind) => laterScreens()!.openRequest(this, kind),
      _requestInput: (e) => laterScreens()!.typeRequest(this, e),
      _requestConfirm: (e) => void laterScreens()!.pressRequestConfirm(this, e),
      _answer: (path, name) => void laterScreens()!.pressAnswer(this, path, name),
    });
  }

  /** What a confirmation method is told: `shownAt` is read when the shopper acts, not before. */
  _context(): ConfirmationContext {
    const flow = this;
    const h = this._h;
    return {
      strings: h._s,
      language: h._lang,
      root: h._root as HTMLElement,
      get shownAt() {
        return flow._shownAt;
      },
      ignored: (reason) => this._ignored(reason),
      update: () => h._update(),
    };
  }

  /** Shows the banner or the preferences. Nothing shown here records consent by itself. */
  _show(view: 'banner' | 'prefs'): void {
    const h = this._h;
    if (view === 'prefs' && !laterScreens()) return this.#wait._run(fetchLater, () => this._show('prefs'));
    const state = h._core.state();
    this._ticked = new Set(view === 'prefs' ? Object.keys(state).filter((p) => state[p]!.granted) : []);
    h._statusText = '';
    h._remember();
    h._layer = view;
    if (view === 'prefs') void laterScreens()!.readRequests(this);
  }

  /** `api.request(kind, details)`: the step for it, once the later screens are here; settles when the shopper confirms or leaves. */
  _ask(kind: RightsKind, details?: string): Promise<RightsRequestStatus> {
    this.#cancelAsk();
    return new Promise((resolve, reject) => {
      const asked = (this._asked = { resolve, reject });
      // Escape, another press, or the screens failing for good: the step never opens, so the
      // promise is told so (CANCELLED) rather than left waiting.
      this.#wait._run(
        fetchLater,
        () => laterScreens()!.openRequest(this, kind, details ?? null),
        () => this._asked === asked && this.#cancelAsk(),
      );
    });
  }

  /** The element left the page: nothing waits on it any more. */
  _disconnect(): void {
    this.#wait._cancel();
    this.#cancelAsk();
    this._unwatch?.();
    this._unwatch = null;
  }

  #cancelAsk(): void {
    this._asked?.reject(new ConsentError('CANCELLED', 'not confirmed'));
    this._asked = null;
  }

  /**
   * `api.open(purpose)`: the confirmation step for granting `purpose`, the rest of what is shown
   * as it stands (a click-to-load embed's button). Nothing is granted before the shopper confirms.
   */
  _grant(purpose: string): void {
    this.#wait._run(fetchLater, () => laterScreens()!.openGrant(this, purpose));
  }

  /** The step has just opened: its guard starts at the first frame that shows it, not now. */
  _stepOpened(): void {
    this._shownAt = Infinity;
    requestAnimationFrame(() => requestAnimationFrame(() => (this._shownAt = performance.now())));
  }

  /** A layer closed: whatever closed the step, what it restated and what was ticked on it are gone. */
  _left(before: View, now: View): void {
    if (before !== 'confirm') return;
    if (now !== 'confirm') {
      this._pending = null;
      this._request = null;
      this.#cancelAsk();
    }
    this._method.reset();
  }

  /** Escape while a layer is still being fetched: the shopper no longer wants it. */
  _escape(): void {
    if (this.#wait._escape()) this._h._statusText = '';
  }

  /** Escape on an open dialog: back from the step, or close; never consent. */
  _cancel(): void {
    if (this._h._layer === 'confirm') this._back();
    else this._close();
  }

  _back(): void {
    const h = this._h;
    this._pending = null;
    // From a request's step, back to the preferences it was asked from (or that `api.request` opens).
    if (this._request) return this._show('prefs');
    h._layer = h._inline ? 'none' : h._core.needsDecision() ? 'banner' : 'prefs';
  }

  /** Closes the layers; while a decision is still needed, the banner stays (it is the only way back). */
  _close(): void {
    const h = this._h;
    this.#wait._cancel();
    this._pending = null;
    h._layer = !h._inline && h._core.needsDecision() ? 'banner' : 'none';
  }

  /** What a press on the step needs: the engine, the checked text, the later screens and the method. */
  _prepare(method?: string): Promise<unknown> {
    return Promise.all([this._h._core.prepare(), fetchLater(), method && fetchMethod(method)]);
  }

  /** The control pressed, if the press is the shopper's own on one of this element's controls. */
  _own(event: Event): Element | null {
    return ownControl(event, this._h._root);
  }

  /** The step never shows before the text it confirms is fetched and its hash checked. */
  #prepared(method?: string): boolean {
    return !!laterScreens() && !!this._h._core.document() && (!method || methodReady(method));
  }

  // Switches and Agree choose what the step will restate, so they too take a real press: a page
  // script must not be able to pick the purposes and leave the shopper one confirmation away.
  // Judged on `click` (a script's `.click()` is untrusted there, but its `change` is trusted);
  // preventing an untrusted click's default puts the box back.
  #onSwitch(event: Event): void {
    const box = this._own(event) as HTMLInputElement | null;
    if (!box) return event.preventDefault();
    if (box.checked) this._ticked.add(box.name);
    else this._ticked.delete(box.name);
    this._h._statusText = '';
  }

  #onAgree(event: Event): void {
    const h = this._h;
    if (!this._own(event)) return;
    const shown = h._shown();
    if (!shown.some((p) => this._ticked.has(p.id))) {
      // Agreeing to nothing records nothing: say why and put the shopper on the first switch.
      h._announce(h._s.nothingTicked);
      h._root.querySelector<HTMLInputElement>('input[role="switch"]')?.focus();
      return;
    }
    this._startConfirm(Object.fromEntries(shown.map((p) => [p.id, this._ticked.has(p.id)])));
  }

  // Refusing, saving and withdrawing from the interface also take a real user press, so that a
  // page script calling these handlers cannot put words in the shopper's mouth. (Withdrawing
  // through the public API stays open: it can only ever reduce what is granted.)
  async #onRefuse(event: Event): Promise<void> {
    if (!this._own(event)) return;
    this.#wait._cancel();
    const layer = this._h._layer;
    const decisions = Object.fromEntries(this._h._shown().map((p) => [p.id, false]));
    // Closed only if the shopper is still there: signing takes a moment, and a step opened in it
    // (an embed's button) must stay open. (The later screens' presses do the same.)
    if ((await this._decide(decisions, null)) && this._h._layer === layer) this._close();
  }

  _startConfirm(decisions: Decisions): void {
    const h = this._h;
    const method = h._methodId();
    if (!this.#prepared(method)) return this.#wait._run(() => this._prepare(method), () => this._startConfirm(decisions));
    this._pending = decisions;
    this._method = h._maker(method)(h._core);
    this._method.reset();
    h._statusText = '';
    h._remember();
    h._layer = 'confirm';
  }

  /**
   * Runs one recording call into the SDK. A second press while the first is being signed and
   * stored would record the decision twice, so it is dropped (`null`); an error leaves the
   * shopper on the same layer to try again (`null`).
   */
  async _record<T>(call: (core: ConsentInternals) => Promise<T>): Promise<T | null> {
    if (this.#busy) return null;
    this.#busy = true;
    try {
      const result = await call(this._h._core);
      this._h._statusText = '';
      return result;
    } catch {
      // The SDK reported the error; the shopper keeps the dialog and can try again.
      this._h._statusText = this._h._s.error;
      return null;
    } finally {
      this.#busy = false;
    }
  }

  /** Records a refusal or withdrawal; true once it is recorded. */
  async _decide(decisions: Decisions, confirmation: Parameters<ConsentInternals['decide']>[1]): Promise<boolean> {
    // `null` when dropped or failed; a decision held until the SDK arrives (`null` from the SDK) is kept.
    const lang = this._h._lang;
    const recorded = (await this._record(async (core) => (await core.decide(decisions, confirmation, lang)) ?? false)) !== null;
    if (recorded) this._recorded();
    return recorded;
  }

  /** Evidence belongs to one decision: text read before this one says nothing of the next. */
  _recorded(): void {
    this._textOpenedAt = null;
  }

  _ignored(reason: Activation): void {
    if (reason === 'early') this._h._announce(this._h._s.ignored);
  }

  #openText(event: Event): void {
    if (!this._own(event)) return;
    if (!this.#prepared()) return this.#wait._run(() => this._prepare(), () => this.#showText());
    this.#showText();
  }

  #showText(): void {
    this._textOpenedAt ??= Date.now();
    this._h._textOpen = true;
  }

  #closeText(event?: Event): void {
    event?.preventDefault();
    this._h._textOpen = false;
  }
}
