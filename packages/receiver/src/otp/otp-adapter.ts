export type OtpChannel = 'sms' | 'email';

/** Delivers a one-time code. Implement it for an SMS gateway or a mail service. */
export interface OtpAdapter {
  send(channel: OtpChannel, to: string, code: string): Promise<void>;
}

export interface LogOtpAdapter extends OtpAdapter {
  /** The last code sent to `to` (as given to `send`), for tests and local development. */
  lastCode(to: string): string | undefined;
}

/**
 * Development and tests: "delivers" by printing (when `print` is given). The receiver refuses it
 * in production, because a code must never reach a log there.
 */
export function createLogOtpAdapter(options: { print?: (line: string) => void } = {}): LogOtpAdapter {
  const last = new Map<string, string>();
  return {
    async send(channel, to, code) {
      last.set(to, code);
      options.print?.(`[otp] ${channel} to ${to}: ${code} (development only)`);
    },
    lastCode: (to) => last.get(to),
  };
}
