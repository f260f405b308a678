// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import type { RightsQueueItem, RightsRequestDetail } from '../src/api-types.js';
import { RequestScreen } from '../src/request-screen.js';
import { RequestsScreen } from '../src/requests-screen.js';
import { parseRoute, routeHref } from '../src/routes.js';
import { formatDay } from '../src/i18n/i18n.js';
import { fakeApi, json } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

const item = (id: number, over: Partial<RightsQueueItem> = {}): RightsQueueItem => ({
  id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  kind: 'access',
  item: '23.1',
  status: 'received',
  receivedAt: '2026-06-15T05:00:00.000Z',
  receivedDay: '2026-06-15',
  dueDay: '2026-06-18',
  dueBy: '2026-06-18T18:59:59.999Z',
  extended: false,
  provisional: false,
  met: false,
  overdue: false,
  dueToday: false,
  ...over,
});
const client = (api: ReturnType<typeof fakeApi>) => createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });

describe('the rights-request queue', () => {
  it('lists by due date with overdue and due today said in words, and asks the receiver with the filters', async () => {
    const api = fakeApi({
      'GET /api/admin/rights-requests': () =>
        json({ items: [item(1, { kind: 'destruction', item: '23.4', overdue: true, dueDay: '2026-06-17' }), item(2, { dueToday: true }), item(3, { status: 'answered', met: true })], nextCursor: 'abc' }),
    });
    renderInLocale(<RequestsScreen client={client(api)} route={{ name: 'requests', kind: '', status: 'open' }} navigate={() => {}} />);
    await screen.findByText('Сұраныстар: 3');
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText(/Мерзімі өтті/)).toBeTruthy();
    expect(within(rows[0]!).getByText('Жою (23.4)')).toBeTruthy();
    expect(within(rows[1]!).getByText(/Бүгін/)).toBeTruthy();
    expect(within(rows[2]!).getByText(/Мерзімінде/)).toBeTruthy();
    expect(api.calls[0]!.url.search).toBe('?status=open&limit=50');
    expect(screen.getByRole('link', { name: 'Тағы' }).getAttribute('href')).toBe('#/requests?status=open&after=abc');
    expect(within(rows[0]!).getByRole('link', { name: /Ашу/ }).getAttribute('href')).toBe(`#/request/${item(1).id}`);
  });

  it('filters by kind and status through the route, and the route survives a reload', () => {
    const seen: unknown[] = [];
    const api = fakeApi({ 'GET /api/admin/rights-requests': () => json({ items: [], nextCursor: null }) });
    renderInLocale(<RequestsScreen client={client(api)} route={{ name: 'requests', kind: '', status: 'open' }} navigate={(r) => seen.push(r)} />);
    fireEvent.change(screen.getByLabelText('Түрі'), { target: { value: 'correction' } });
    fireEvent.change(screen.getByLabelText('Күйі'), { target: { value: 'overdue' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Көрсету' }).closest('form')!);
    expect(seen).toEqual([{ name: 'requests', kind: 'correction', status: 'overdue' }]);
    expect(parseRoute(routeHref(seen[0] as never))).toEqual(seen[0]);
    expect(parseRoute('#/requests?status=&kind=access')).toEqual({ name: 'requests', kind: 'access', status: '' });
    expect(parseRoute('#/requests?status=nonsense')).toEqual({ name: 'requests', kind: '', status: 'open' });
    expect(parseRoute('#/request/not-a-uuid')).toEqual({ name: 'requests', kind: '', status: 'open' });
  });
});

describe('one request', () => {
  const detail = (over: Partial<RightsRequestDetail> = {}): RightsRequestDetail => ({
    ...item(7),
    kid: 'k'.repeat(43),
    principalId: 'device-x',
    language: 'kk',
    requestedAt: '2026-06-15T05:00:00.000Z',
    workingDays: 3,
    originalDueDay: '2026-06-18',
    jws: 'a.b.c',
    ack: 'd.e.f',
    personal: { replyTo: 'aigul@example.kz', details: null, subjectId: null, subjectVerified: false },
    erased: false,
    events: [],
    ...over,
  });

  it('shows what the shopper sent and who did what; a refusal needs its reason and is posted as typed', async () => {
    let current = detail();
    const api = fakeApi({
      'GET /api/admin/rights-requests/00000000-0000-4000-8000-000000000007': () => json(current),
      'POST /api/admin/rights-requests/00000000-0000-4000-8000-000000000007/refuse': (r) => {
        current = detail({ status: 'refused', met: true, events: [{ seq: 1, type: 'refused', at: '2026-06-16T05:00:00.000Z', by: 'aigerim', text: (r.body as { reason: string }).reason }] });
        return json(current);
      },
    });
    renderInLocale(<RequestScreen client={client(api)} route={{ name: 'request', id: item(7).id }} />);
    await screen.findByText('aigul@example.kz');
    expect(screen.getByText('Әлі әрекет жоқ.')).toBeTruthy();
    const reason = screen.getByLabelText('Себебі (міндетті)') as HTMLTextAreaElement;
    expect(reason.required).toBe(true);
    fireEvent.input(reason, { target: { value: 'Тұлғаны анықтау мүмкін емес' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Бас тарту' }).closest('form')!);
    await screen.findByText(/aigerim/);
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ reason: 'Тұлғаны анықтау мүмкін емес' });
    // The action's answer is the request as it now stands: shown as it came, not fetched again.
    expect(api.calls.filter((c) => c.method === 'GET')).toHaveLength(1);
    expect(screen.getByText('Сұраныс жабық: одан әрі әрекет жоқ.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Бас тарту' })).toBeNull();
  });

  it('an access request is answered in one click from the receipts; an erased request says so', async () => {
    const api = fakeApi({
      'GET /api/admin/rights-requests/00000000-0000-4000-8000-000000000007': () => json(detail()),
      'POST /api/admin/rights-requests/00000000-0000-4000-8000-000000000007/answer': () => json(detail({ status: 'answered' })),
    });
    renderInLocale(<RequestScreen client={client(api)} route={{ name: 'request', id: item(7).id }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Түбіртектерден жауап жинау' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ assemble: true });
    cleanup();
    const erased = fakeApi({ 'GET /api/admin/rights-requests/00000000-0000-4000-8000-000000000007': () => json(detail({ kind: 'destruction', personal: null, erased: true })) });
    renderInLocale(<RequestScreen client={client(erased)} route={{ name: 'request', id: item(7).id }} />);
    await screen.findByText('Жойылды (23.4-тармақ бойынша).');
    expect(screen.queryByRole('button', { name: 'Түбіртектерден жауап жинау' })).toBeNull();
  });
});

describe('due days', () => {
  it('are written as the day they are, whatever the marketer\u2019s time zone (a day is not an instant)', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['Asia/Almaty', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect([formatDay('2026-06-18', 'ru'), formatDay('2026-06-18', 'en'), formatDay('2026-06-18', 'kk')]).toEqual(['18.06.2026', '18/06/2026', '18.06.2026']);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
