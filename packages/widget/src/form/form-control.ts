import type { ConsentInternals } from '@artgrad/sdk';

/**
 * The inline mode's form association (ElementInternals): its value is the signed receipt behind
 * the grant, so the shop's backend receives the proof with the order, even before the receipt
 * syncs; with `required`, the form cannot be submitted until every purpose shown is granted
 * under the policy text this file shows (an older grant is asked again).
 */
export class FormControl {
  constructor(readonly internals: ElementInternals) {}

  /** Granted, each one, under this policy text. */
  static granted(core: ConsentInternals | null, ids: readonly string[]): boolean {
    return (
      !!core && ids.length > 0 && ids.every((id) => core.state()[id]?.granted && core.record(core.state()[id]!.recordId)?.policy.sha256 === core.policy.sha256)
    );
  }

  /**
   * Sets the value and validity from the decisions now. Invalid at once when required (before
   * the stored decisions have loaded, a quick Enter must not submit), then anchored to `anchor()`
   * once it is drawn, for the browser's message bubble.
   */
  sync(core: ConsentInternals, ids: readonly string[], required: () => boolean, message: string, anchor: () => HTMLElement | undefined, drawn: Promise<unknown>): void {
    const state = core.state();
    const ok = FormControl.granted(core, ids);
    const latest = ids.map((id) => state[id]).filter(Boolean).sort((a, b) => b!.time - a!.time)[0];
    const record = latest && core.record(latest.recordId);
    this.internals.setFormValue(ok && record ? record.jws : null);
    if (ok || !required()) return this.internals.setValidity({});
    const missing = () => this.internals.setValidity({ valueMissing: true }, message, anchor());
    missing();
    void drawn.then(() => !FormControl.granted(core, ids) && required() && missing());
  }
}
