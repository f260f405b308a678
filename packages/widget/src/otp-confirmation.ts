import { html, nothing } from 'lit';
import { OTP_STRINGS } from '@artgrad/policy';
import { ConsentError, ownControl, type ConsentInternals } from '@artgrad/sdk';
import type { ConfirmationMethod } from './confirmation-method.js';

/**
 * One-time-code confirmation: the receiver sends a code by SMS or e-mail, the shopper types (or
 * pastes) it, and the receiver answers with a token bound to this device's key. The token goes
 * into the receipt's `confirmation`; the address never does. The confirm button stays guarded by
 * the step (trusted press, 600 ms) like every method.
 */
export function otpConfirmation(core: ConsentInternals): ConfirmationMethod {
  let channel: 'sms' | 'email' = 'sms';
  let to = '';
  let code = '';
  let challengeId = '';
  let token = '';
  /** The token's own expiry (seconds): the receiver refuses a receipt signed after it. */
  let expires = 0;
  let message = '';
  let busy = false;
  return {
    id: 'otp',
    reset() {
      challengeId = token = message = code = '';
    },
    // A token about to expire would make a receipt the receiver refuses: ask for a new code.
    ready: () => token !== '' && Date.now() / 1000 < expires - 15,
    evidence: () => ({ token, channel }),
    render(context) {
      const s = OTP_STRINGS[context.language];
      const run = async (step: () => Promise<void>) => {
        busy = true;
        context.update();
        try {
          await step();
        } catch (error) {
          message = `${s.failed}: ${(error as Error).message}`;
        }
        busy = false;
        context.update();
      };
      // Only the shopper's own input and presses count: a page script that typed its own number
      // and code would turn the receipt's evidence of a verified code into fiction.
      const send = (event: Event) =>
        ownControl(event, context.root as Node) &&
        run(async () => {
          challengeId = (await request(core, '/otp/send', { channel, to })).challengeId!;
          token = '';
          message = s.sent;
        });
      const verify = (event: Event) =>
        ownControl(event, context.root as Node) &&
        run(async () => {
          token = (await request(core, '/otp/verify', { challengeId, code, kid: await core.deviceKid() })).token!;
          expires = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp;
          message = s.ok;
        });
      const value = (event: Event) => (ownControl(event, context.root as Node) as HTMLInputElement | null)?.value ?? null;
      return html`<div class="otp">
        <label>${s.channel}
          <select .value=${channel} @change=${(e: Event) => ((channel = (value(e) ?? channel) as 'sms' | 'email'), context.update())}>
            <option value="sms">SMS</option><option value="email">E-mail</option>
          </select></label>
        <label>${channel === 'sms' ? s.phone : s.email}
          <input type=${channel === 'sms' ? 'tel' : 'email'} autocomplete=${channel === 'sms' ? 'tel' : 'email'} .value=${to} @input=${(e: Event) => (to = value(e) ?? to)} /></label>
        <button type="button" class="btn sec" ?disabled=${busy} @click=${send}>${s.send}</button>
        ${challengeId
          ? html`<label>${s.code}
                <input inputmode="numeric" autocomplete="one-time-code" maxlength="6" .value=${code} @input=${(e: Event) => (code = (value(e) ?? code).trim())} /></label>
              <button type="button" class="btn sec" ?disabled=${busy} @click=${verify}>${s.verify}</button>`
          : nothing}
        <p class="s" role="status">${message}</p>
      </div>`;
    },
  };
}

/** POSTs JSON to the receiver (`/otp/send`, `/otp/verify`); rejects with `ConsentError('OTP')`. */
async function request(core: ConsentInternals, path: string, body: Record<string, string>): Promise<Record<string, string>> {
  let answer: { error?: { code: string; message: string } } & Record<string, string>;
  try {
    const response = await fetch(`${core.config.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
    answer = await response.json();
    if (response.ok) return answer;
  } catch (cause) {
    throw new ConsentError('OTP', `the backend could not be reached: ${(cause as Error).message}`);
  }
  throw new ConsentError('OTP', `${answer.error?.code ?? 'OTP'}: ${answer.error?.message ?? 'refused'}`);
}
