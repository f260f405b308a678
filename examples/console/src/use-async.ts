import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from './api-client.js';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'error'; error: unknown }
  /** The marketer cancelled: the request was aborted and nothing was applied. */
  | { status: 'cancelled' };

export interface AsyncHandle<T> {
  state: AsyncState<T>;
  retry(): void;
  cancel(): void;
}

/**
 * Runs `run` whenever `deps` change (or on retry), with an AbortSignal that is aborted when the
 * component goes away, the inputs change, or the marketer presses Cancel: a stale answer never
 * lands on a newer screen.
 */
export function useAsync<T>(run: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], options: { keepValue?: boolean } = {}): AsyncHandle<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const current = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    current.current = controller;
    // A background refresh (keepValue) shows the last answer until the next one, instead of a
    // "Loading…" that a screen reader would announce every time.
    setState((previous) => (options.keepValue && previous.status === 'done' ? previous : { status: 'loading' }));
    run(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'done', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // `run` is a fresh closure each render; `deps` say when it means something new.
  }, [...deps, attempt]);

  const cancel = useCallback(() => {
    const controller = current.current;
    if (controller && !controller.signal.aborted) {
      controller.abort();
      setState({ status: 'cancelled' });
    }
  }, []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry, cancel };
}
