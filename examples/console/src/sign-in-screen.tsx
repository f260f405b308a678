/** @jsxImportSource preact */
import { useRef, useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { ApiError, createApiClient } from './api-client.js';
import type { SessionInfo } from './api-types.js';
import { useLocale } from './i18n/i18n.js';
import { ErrorNotice } from './notices.js';
import { TOKEN_PATTERN } from './session.js';

/** Why the sign-in form is showing: first visit, the receiver refused the token (401), or the marketer signed out. */
export type SignInReason = 'start' | 'expired' | 'signedOut';

export interface SignInProps {
  apiBase: string;
  reason: SignInReason;
  onSignedIn: (token: string, name: string) => void;
  fetch?: typeof fetch;
}

/**
 * A named admin token, checked against the receiver (`GET /admin/session`) before it is kept:
 * a wrong one is refused here, not on the first screen that needs it.
 */
export function SignInScreen({ apiBase, reason, onSignedIn, fetch }: SignInProps) {
  const { t } = useLocale();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (checking) return;
    const token = (input.current?.value ?? '').trim();
    setFailure(null);
    if (!token) return invalid(t.signIn.required);
    if (!TOKEN_PATTERN.test(token)) return invalid(t.signIn.badFormat);
    setFieldError(null);
    setChecking(true);
    try {
      const client = createApiClient({ base: apiBase, token, onUnauthorized: () => {}, ...(fetch ? { fetch } : {}) });
      const session = await client.json<SessionInfo>('/admin/session');
      onSignedIn(token, session.name);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) invalid(t.signIn.rejected);
      else setFailure(error);
    } finally {
      setChecking(false);
    }
  };
  const invalid = (message: string) => {
    setFieldError(message);
    input.current?.focus();
  };

  return (
    <section class="sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t.signIn.title}
      </h1>
      {reason === 'expired' && (
        <p class="notice notice-error" role="alert">
          {t.signIn.expired}
        </p>
      )}
      {reason === 'signedOut' && (
        <p class="notice" role="status">
          {t.signIn.signedOut}
        </p>
      )}
      <p>{t.signIn.intro}</p>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for="admin-token">{t.signIn.tokenLabel}</label>
          <input
            id="admin-token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            maxLength={512}
            aria-invalid={fieldError ? 'true' : 'false'}
            aria-describedby={fieldError ? 'admin-token-hint admin-token-error' : 'admin-token-hint'}
            ref={input}
          />
          <p id="admin-token-hint" class="hint">
            {t.signIn.tokenHint}
          </p>
          {fieldError && (
            <p id="admin-token-error" class="field-error">
              {fieldError}
            </p>
          )}
        </div>
        <button type="submit" class="button button-primary" aria-disabled={checking ? 'true' : 'false'}>
          {t.signIn.submit}
        </button>
        {checking && (
          <p class="notice" role="status">
            {t.signIn.checking}
          </p>
        )}
      </form>
      {failure !== null && <ErrorNotice action="signIn" error={failure} />}
    </section>
  );
}
