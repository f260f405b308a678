// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import type { PersonRow } from '../src/api-types.js';
import { PAGE_SIZE, PeopleScreen } from '../src/people-screen.js';
import { fakeApi, json } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

const KID = 'k'.repeat(43);
const people: PersonRow[] = Array.from({ length: 30 }, (_, i) => ({
  principal: `customer-${String(i).padStart(2, '0')}`,
  subjectId: `customer-${String(i).padStart(2, '0')}`,
  piiPrincipalId: `device:${KID}`,
  kid: KID,
  receiptId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  consentTimestamp: 1_790_000_000 - i * 60,
  receivedAt: '2026-11-20T09:00:00.000Z',
  countersignature: 'a.b.c',
}));

/** Filters and pages like the receiver: q is a case-insensitive substring, limit ≤ 500. */
const receiver = () =>
  fakeApi({
    'GET /api/admin/holders': (r) => {
      const q = (r.url.searchParams.get('q') ?? '').toLowerCase();
      const matching = people.filter((p) => p.principal.toLowerCase().includes(q));
      // This fake's cursor is the offset it leads to; the receiver's is opaque.
      const cursor = r.url.searchParams.get('cursor');
      const offset = cursor ? Number(cursor.slice(1)) : Number(r.url.searchParams.get('offset'));
      const end = offset + Number(r.url.searchParams.get('limit'));
      return json({ purpose: 'dissemination', total: matching.length, items: matching.slice(offset, end), nextCursor: end < matching.length ? `c${end}` : null });
    },
    'GET /api/admin/withdrawals': () => json({ purpose: 'dissemination', since: '2026-10-01T19:00:00.000Z', total: 0, items: [] }),
  });
const client = (api: ReturnType<typeof fakeApi>) => createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });
const principals = () => screen.getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('rowheader')[0]!.textContent);

describe('holders list', () => {
  it('shows a page of 25 with its place in the whole, and links to the next page and to each proof', async () => {
    const api = receiver();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: '', page: 1 }} navigate={() => {}} />);
    await screen.findByText('Табылғаны: 30');
    expect(principals()).toEqual(people.slice(0, PAGE_SIZE).map((p) => p.principal));
    expect(api.calls[0]!.url.search).toBe('?purpose=dissemination&limit=25&offset=0');
    expect(screen.getByText(/30 ішінен 1–25 көрсетілген/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Алдыңғы бет' })).toBeNull();
    // Next carries the receiver's cursor: page 2 is an index seek, not a count of 25 rows to skip.
    expect(screen.getByRole('link', { name: 'Келесі бет' }).getAttribute('href')).toBe('#/holders?page=2&after=c25');
    const proof = screen.getByRole('link', { name: 'Дәлел — customer-00' });
    // What the row claims goes with it: the proof screen checks that receipt, key and state.
    expect(proof.getAttribute('href')).toBe(`#/proof/${KID}?receipt=${people[0]!.receiptId}&list=holders&customer=customer-00&back=%23%2Fholders`);
  });

  it('page 2 asks for offset 25 and shows the rest', async () => {
    const api = receiver();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: '', page: 2 }} navigate={() => {}} />);
    await screen.findByText(/30 ішінен 26–30 көрсетілген · 2 беттің 2-беті/);
    expect(api.calls[0]!.url.searchParams.get('offset')).toBe('25');
    expect(principals()).toEqual(people.slice(25).map((p) => p.principal));
    expect(screen.getByRole('link', { name: 'Алдыңғы бет' }).getAttribute('href')).toBe('#/holders');
    expect(screen.queryByRole('link', { name: 'Келесі бет' })).toBeNull();
  });

  it('page 2 reached by Next asks for the rows after the cursor, not an offset', async () => {
    const api = receiver();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: '', page: 2, after: 'c25' }} navigate={() => {}} />);
    await screen.findByText(/30 ішінен 26–30 көрсетілген · 2 беттің 2-беті/);
    expect(api.calls[0]!.url.search).toBe('?purpose=dissemination&limit=25&cursor=c25');
    expect(principals()).toEqual(people.slice(25).map((p) => p.principal));
    expect(screen.getByRole('link', { name: 'Алдыңғы бет' }).getAttribute('href')).toBe('#/holders');
  });

  it('a page past the end (the list shrank, or an old link) goes to the last page, replacing the history entry; the pager never says 51–30', async () => {
    const navigate = vi.fn();
    renderInLocale(<PeopleScreen client={client(receiver())} route={{ name: 'holders', q: '', page: 3 }} navigate={navigate} />);
    await screen.findByRole('navigation', { name: 'Беттер' });
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ name: 'holders', q: '', page: 2 }, { replace: true }));
    expect(document.body.textContent).not.toContain('51–30');
    expect(screen.getByRole('navigation', { name: 'Беттер' }).textContent).toContain('30 ішінен 26–30 көрсетілген · 2 беттің 2-беті');
  });

  it('search by principal or customer id navigates to page 1 of the search, which the receiver filters', async () => {
    const navigate = vi.fn();
    const api = receiver();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: '', page: 2 }} navigate={navigate} />);
    await screen.findByText('Табылғаны: 30');
    const field = screen.getByRole('searchbox', { name: 'Субъект немесе клиент идентификаторы бойынша іздеу' }) as HTMLInputElement;
    field.value = '  CUSTOMER-1 ';
    fireEvent.submit(field.closest('form')!);
    expect(navigate).toHaveBeenCalledWith({ name: 'holders', q: 'CUSTOMER-1', page: 1 });
    cleanup();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: 'CUSTOMER-1', page: 1 }} navigate={navigate} />);
    await screen.findByText('Табылғаны: 10');
    expect(api.calls.at(-1)!.url.searchParams.get('q')).toBe('CUSTOMER-1');
    expect(principals()).toEqual(people.slice(10, 20).map((p) => p.principal));
    expect(screen.getByRole('link', { name: 'Тазарту' }).getAttribute('href')).toBe('#/holders');
    // The export takes exactly the list's filter, unpaged.
    expect(screen.getByRole('button', { name: 'CSV экспорттау (10 жол)' })).toBeTruthy();
  });

  it('withdrawals: the since date and the browser offset go with the query; nobody found is said', async () => {
    const api = receiver();
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'withdrawals', q: '', page: 1, since: '2026-10-02' }} navigate={() => {}} />);
    await screen.findByText('Ешкім табылмады.');
    const params = api.calls[0]!.url.searchParams;
    expect(params.get('since')).toBe('2026-10-02');
    expect(params.get('tzOffset')).toBe(String(-new Date().getTimezoneOffset()));
    expect((screen.getByLabelText('Қай күннен бері') as HTMLInputElement).value).toBe('2026-10-02');
  });

  it('what was found is announced in a role="status" region outside the list that loading replaces (WCAG 4.1.3)', async () => {
    const api = receiver();
    const { container } = renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: 'CUSTOMER-1', page: 1 }} navigate={() => {}} />);
    const region = [...container.querySelectorAll('[role="status"]')].find((el) => !el.closest('.results'));
    expect(region).toBeTruthy();
    await screen.findByText('Табылғаны: 10');
    expect(region!.isConnected).toBe(true);
    expect(region!.textContent).toBe('Табылғаны: 10. 1 беттің 1-беті.');
  });

  it('an error says what failed and retries', async () => {
    let fail = true;
    const api = fakeApi({
      'GET /api/admin/holders': () => (fail ? json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500) : json({ purpose: 'dissemination', total: 0, items: [] })),
    });
    renderInLocale(<PeopleScreen client={client(api)} route={{ name: 'holders', q: '', page: 1 }} navigate={() => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Орындалмады: келісім бергендер тізімін жүктеу.');
    expect(alert.textContent).toContain('500 INTERNAL: internal error');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Қайталау' }));
    await screen.findByText('Ешкім табылмады.');
  });
});
