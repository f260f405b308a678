/** @jsxImportSource preact */
import { ApiError } from './api-client.js';
import { useLocale } from './i18n/i18n.js';
import type { Action } from './i18n/messages.js';

/**
 * What failed, why (status, code and the receiver's message), and a way to try again. Only a call
 * that got no answer (status 0) is "could not be reached"; anything else that failed here in the
 * browser (a parse error, a crash in the verifier) is said as it is.
 */
export function ErrorNotice({ action, error, onRetry }: { action: Action; error: unknown; onRetry?: () => void }) {
  const { t } = useLocale();
  const detail = error instanceof ApiError ? t.errorDetail(error.status, error.code, error.message) : error instanceof Error ? error.message : String(error);
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{t.failed(t.actions[action])}</p>
      <p>{detail}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

/** A request in flight, with a way out of it. */
export function LoadingNotice({ onCancel, label }: { onCancel?: () => void; label?: string }) {
  const { t } = useLocale();
  return (
    <div class="notice" role="status">
      <p>{label ?? t.loading}</p>
      {onCancel && (
        <button type="button" class="button" onClick={onCancel}>
          {t.cancel}
        </button>
      )}
    </div>
  );
}

export function CancelledNotice({ onRetry }: { onRetry: () => void }) {
  const { t } = useLocale();
  return (
    <div class="notice" role="status">
      <p>{t.cancelled}</p>
      <button type="button" class="button" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}
