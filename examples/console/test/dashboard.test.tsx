// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import { DashboardScreen } from '../src/dashboard-screen.js';
import { deferred, fakeApi, json } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

/** A receiver whose switch and history behave like the real one; PUT answers wait for `gate` when given. */
function switchReceiver(options: { gate?: Promise<void>; failPut?: () => boolean } = {}) {
  let requested = true;
  const history: { requested: boolean; changedBy: string; changedAt: string }[] = [];
  return fakeApi({
    'GET /api/admin/requests/dissemination': () => json({ purpose: 'dissemination', requested }),
    'PUT /api/admin/requests/dissemination': async (r) => {
      await options.gate;
      if (options.failPut?.()) return json({ error: { code: 'UNAVAILABLE', message: 'database is restarting' } }, 503);
      requested = (r.body as { requested: boolean }).requested;
      history.unshift({ requested, changedBy: 'alice', changedAt: new Date(Date.UTC(2026, 10, 20, 9, history.length)).toISOString() });
      return json({ purpose: 'dissemination', requested });
    },
    'GET /api/admin/requests/dissemination/history': () => json({ purpose: 'dissemination', total: history.length, items: history }),
    'GET /api/admin/holders/count': () => json({ purpose: 'dissemination', holders: 42, asOf: '2026-11-20T09:00:00.000Z' }),
  });
}

const client = (api: ReturnType<typeof fakeApi>) => createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });

describe('dashboard: the dissemination switch, its history, the live count', () => {
  it('renders the switch from the receiver, and moves it only when the receiver confirms', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const api = switchReceiver({ gate });
    renderInLocale(<DashboardScreen client={client(api)} />);
    const toggle = await screen.findByRole('switch', { name: /23\.6-тармағы/ });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('Қосулы: баннер бұл келісімді сұрайды')).toBeTruthy();
    expect(screen.getByText('Әлі ешкім өзгертпеген: бастапқы баптау қолданылады.')).toBeTruthy();
    expect((await screen.findByTestId('holder-count')).textContent).toBe('42');

    fireEvent.click(toggle);
    await screen.findByText('Сақталуда…');
    // In flight: still the receiver's state, and a second press does not send a second change.
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(toggle);
    open();
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    const puts = api.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.body)).toEqual([{ requested: false }]);
    expect(screen.getByText('Өшірулі: баннер бұл келісімді сұрамайды')).toBeTruthy();

    // The history is fetched again and names who changed it and when.
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Барлық өзгерістер: 1')).toBeTruthy();
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByText('alice')).toBeTruthy();
    expect(within(row).getByText('Өшірілді')).toBeTruthy();
    expect(row.querySelector('time')!.getAttribute('datetime')).toBe('2026-11-20T09:00:00.000Z');
  });

  it('a failed change leaves the switch as it was, says what failed, and retries the same change', async () => {
    let failing = true;
    const api = switchReceiver({ failPut: () => failing });
    renderInLocale(<DashboardScreen client={client(api)} />);
    const toggle = await screen.findByRole('switch');
    fireEvent.click(toggle);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Орындалмады: сұрау күйін сақтау.');
    expect(alert.textContent).toContain('503 UNAVAILABLE: database is restarting');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    failing = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Қайталау' }));
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([{ requested: false }, { requested: false }]);
  });

  it('a slow load can be cancelled, then retried', async () => {
    const slow = deferred<Response>();
    const api = fakeApi({
      'GET /api/admin/requests/dissemination': () => slow.promise,
      'GET /api/admin/requests/dissemination/history': () => json({ purpose: 'dissemination', total: 0, items: [] }),
      'GET /api/admin/holders/count': () => json({ purpose: 'dissemination', holders: 1, asOf: '2026-11-20T09:00:00.000Z' }),
    });
    renderInLocale(<DashboardScreen client={client(api)} />);
    const card = screen.getByRole('heading', { name: 'Таратуға келісім сұрау' }).closest('section')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Тоқтату' }));
    await within(card).findByText('Тоқтатылды. Ештеңе өзгерген жоқ.');
    expect(api.calls.find((c) => c.url.pathname === '/api/admin/requests/dissemination')!.signal!.aborted).toBe(true);
    slow.resolve(json({ purpose: 'dissemination', requested: true }));
    expect(within(card).queryByRole('switch')).toBeNull();
  });

  it('the live count refreshes in place: the last number stays until the new one arrives', async () => {
    let holders = 5;
    const next = deferred<void>();
    const api = fakeApi({
      'GET /api/admin/requests/dissemination': () => json({ purpose: 'dissemination', requested: true }),
      'GET /api/admin/requests/dissemination/history': () => json({ purpose: 'dissemination', total: 0, items: [] }),
      'GET /api/admin/holders/count': async () => {
        if (holders === 4) await next.promise;
        return json({ purpose: 'dissemination', holders, asOf: '2026-11-20T09:00:00.000Z' });
      },
    });
    renderInLocale(<DashboardScreen client={client(api)} />);
    expect((await screen.findByTestId('holder-count')).textContent).toBe('5');
    holders = 4;
    fireEvent.click(screen.getByRole('button', { name: 'Жаңарту' }));
    expect(screen.getByTestId('holder-count').textContent).toBe('5');
    expect(screen.queryByText('Жүктелуде…')).toBeNull();
    next.resolve();
    await waitFor(() => expect(screen.getByTestId('holder-count').textContent).toBe('4'));
  });
});
