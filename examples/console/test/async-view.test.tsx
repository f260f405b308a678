// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { AsyncView } from '../src/async-view.js';
import { useAsync } from '../src/use-async.js';
import { deferred } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

/** A screen whose every load waits for the next promise handed out by `loads`. */
function Loader({ loads }: { loads: { promise: Promise<string> }[] }) {
  const handle = useAsync(() => loads.shift()!.promise, []);
  return (
    <AsyncView handle={handle} action="loadHolders">
      {(value) => <p>{value}</p>}
    </AsyncView>
  );
}

describe('AsyncView: focus through Cancel → Retry → Loading → result', () => {
  it('the pressed button is replaced, and focus goes to the control (or the region) that replaced it, never to <body>', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    renderInLocale(<Loader loads={[first, second]} />);
    const cancel = screen.getByRole('button', { name: 'Тоқтату' });
    cancel.focus();
    fireEvent.click(cancel);
    const retry = await screen.findByRole('button', { name: 'Қайталау' });
    await waitFor(() => expect(document.activeElement).toBe(retry));
    fireEvent.click(retry);
    const cancelAgain = await screen.findByRole('button', { name: 'Тоқтату' });
    await waitFor(() => expect(document.activeElement).toBe(cancelAgain));
    second.resolve('the list');
    const result = await screen.findByText('the list');
    await waitFor(() => expect(document.activeElement !== document.body && document.activeElement!.contains(result)).toBe(true));
  });
});
