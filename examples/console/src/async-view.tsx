/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { focusLost } from './focus.js';
import type { Action } from './i18n/messages.js';
import { CancelledNotice, ErrorNotice, LoadingNotice } from './notices.js';
import type { AsyncHandle } from './use-async.js';

/** Loading (cancellable), cancelled, failed (retryable) or the content: the same four states on every screen. */
export function AsyncView<T>({ handle, action, loadingLabel, children }: { handle: AsyncHandle<T>; action: Action; loadingLabel?: string; children: (value: T) => ComponentChildren }) {
  const { state } = handle;
  const region = useRef<HTMLDivElement>(null);
  // Cancel and Retry replace themselves: once pressed, focus follows each state that replaces
  // them (to its Cancel or Retry, or to the result itself) instead of dropping to <body>.
  const following = useRef(false);
  useEffect(() => {
    if (!following.current) return;
    if (state.status === 'done') following.current = false;
    if (!focusLost()) return;
    const target = state.status === 'done' ? region.current : (region.current?.querySelector('button') ?? region.current);
    target?.focus();
  }, [state.status]);
  const follow = (press: () => void) => () => {
    following.current = true;
    press();
  };

  let content: ComponentChildren;
  switch (state.status) {
    case 'loading':
      content = <LoadingNotice onCancel={follow(handle.cancel)} {...(loadingLabel ? { label: loadingLabel } : {})} />;
      break;
    case 'cancelled':
      content = <CancelledNotice onRetry={follow(handle.retry)} />;
      break;
    case 'error':
      content = <ErrorNotice action={action} error={state.error} onRetry={follow(handle.retry)} />;
      break;
    case 'done':
      content = children(state.value);
  }
  return (
    <div class="async-region" ref={region} tabIndex={-1}>
      {content}
    </div>
  );
}
