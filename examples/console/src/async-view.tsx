/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import type { Action } from './i18n/messages.js';
import { CancelledNotice, ErrorNotice, LoadingNotice } from './notices.js';
import type { AsyncHandle } from './use-async.js';

/** Loading (cancellable), cancelled, failed (retryable) or the content: the same four states on every screen. */
export function AsyncView<T>({ handle, action, loadingLabel, children }: { handle: AsyncHandle<T>; action: Action; loadingLabel?: string; children: (value: T) => ComponentChildren }) {
  const { state } = handle;
  switch (state.status) {
    case 'loading':
      return <LoadingNotice onCancel={handle.cancel} {...(loadingLabel ? { label: loadingLabel } : {})} />;
    case 'cancelled':
      return <CancelledNotice onRetry={handle.retry} />;
    case 'error':
      return <ErrorNotice action={action} error={state.error} onRetry={handle.retry} />;
    case 'done':
      return <>{children(state.value)}</>;
  }
}
