import { html, type TemplateResult } from 'lit';
import { checkActivation, type Activation } from '@artgrad/sdk';
import type { Language, UiStrings } from '@artgrad/policy';

/** What a confirmation method can use from the step that hosts it. */
export interface ConfirmationContext {
  readonly strings: UiStrings;
  /** The interface language, for a method's own strings. */
  readonly language: Language;
  /** The element's shadow root: methods find their own controls here, never through an event. */
  readonly root: ParentNode;
  /** `performance.now()` when the step appeared; activations before +600 ms are ignored. */
  readonly shownAt: number;
  /** Announces an ignored press to screen readers. */
  ignored(reason: Activation): void;
  /** Re-renders the step after the method's readiness changed. */
  update(): void;
}

/**
 * A way to perform the protective confirmation step. The default is a deliberate checkbox; a
 * one-time-code method (sent by SMS or e-mail through the receiver) drops in beside it.
 * The confirm button itself is guarded by the step (trusted activation, 600 ms), whatever the method.
 */
export interface ConfirmationMethod {
  readonly id: string;
  reset(): void;
  render(context: ConfirmationContext): TemplateResult;
  /** Whether the confirm button may be enabled. */
  ready(): boolean;
  /** Evidence this method adds to the receipt's `confirmation`; synchronous, because the
   * confirm press is checked while it is being dispatched. */
  evidence(): Record<string, unknown>;
}

/** A checkbox that counts only when ticked by a trusted user activation after the 600 ms guard. */
export function checkboxConfirmation(): ConfirmationMethod {
  let ticked = false;
  let tickedAt = 0;
  return {
    id: 'checkbox',
    reset: () => void (ticked = false),
    ready: () => ticked,
    evidence: () => ({ checkboxAt: new Date(tickedAt).toISOString() }),
    render(context) {
      // Decided on `click`, not `change`: a script's `box.click()` makes an untrusted click but
      // the browser's own, trusted `change`. Preventing the click's default un-ticks the box.
      const onClick = (event: MouseEvent) => {
        const box = context.root.querySelector<HTMLInputElement>('[part~="confirm-check"]');
        const verdict = checkActivation(event, box, context.shownAt);
        if (verdict === 'ok') {
          ticked = box!.checked;
          tickedAt = Date.now();
        } else {
          event.preventDefault();
          context.ignored(verdict);
        }
        context.update();
      };
      return html`<label class="check"><input type="checkbox" part="confirm-check" .checked=${ticked} @click=${onClick} /><span>${context.strings.confirmCheck}</span></label>`;
    },
  };
}
