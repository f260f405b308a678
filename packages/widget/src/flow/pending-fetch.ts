/** How long after a failed fetch the element tries once more by itself. */
export const RETRY_AFTER_MS = 3_000;

/** What a wait says while it lasts: "loading", then "could not load" if it fails, then nothing. */
export interface WaitVoice {
  _loading(): void;
  _failed(): void;
  _done(): void;
}

/**
 * The element's one wait for a part it needs before a layer can open (the later screens, the
 * checked text, a fetched method). Only the latest wait runs its `then`: a press on something
 * else, or Escape, cancels it, so a layer the shopper has moved on from never opens over them.
 */
export class PendingFetch {
  #ticket = 0;
  /** A wait is on: loading, or failed with its one retry still to come. */
  #active = false;
  /** Told when the wait in progress ends without its `then`: cancelled, replaced, or failed for good. */
  #lost: (() => void) | undefined;

  constructor(private readonly voice: WaitVoice) {}

  /**
   * Runs `then` once `fetch` resolves, saying meanwhile that the form is loading. If it fails,
   * says so and tries once more by itself a little later; any press tries again too. `lost` runs
   * if `then` never will (a promise waiting on this wait settles either way).
   */
  _run(fetch: () => Promise<unknown>, then: () => void, lost?: () => void): void {
    this.#drop();
    const ticket = ++this.#ticket;
    this.#lost = lost;
    const attempt = (again: boolean) =>
      fetch().then(
        () => {
          if (ticket !== this.#ticket) return;
          this.#active = false;
          this.#lost = undefined;
          this.voice._done();
          then();
        },
        () => {
          if (ticket !== this.#ticket) return;
          this.#active = again;
          this.voice._failed();
          if (again) setTimeout(() => ticket === this.#ticket && void attempt(false), RETRY_AFTER_MS);
          else this.#drop();
        },
      );
    this.#active = true;
    this.voice._loading();
    void attempt(true);
  }

  /** Forgets the wait in progress, if any: its `then` will not run. */
  _cancel(): void {
    this.#ticket++;
    this.#active = false;
    this.#drop();
  }

  #drop(): void {
    const lost = this.#lost;
    this.#lost = undefined;
    lost?.();
  }

  /** Escape cancels a wait still on (loading, or about to retry); true if it did. */
  _escape(): boolean {
    if (!this.#active) return false;
    this._cancel();
    return true;
  }
}
