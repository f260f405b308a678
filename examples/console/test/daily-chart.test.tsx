// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import type { DailyStats, PurposeSeries } from '../src/api-types.js';
import { countTicks, labelEvery } from '../src/chart-scale.js';
import { ChartTable, DailyChart } from '../src/daily-chart.js';
import { periodProblem, StatsScreen } from '../src/stats-screen.js';
import { fakeApi, json } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

const series: PurposeSeries = {
  purpose: 'dissemination',
  days: [
    { date: '2026-11-18', given: 3, refused: 1, updated: 0, withdrawn: 0 },
    { date: '2026-11-19', given: 0, refused: 0, updated: 0, withdrawn: 0 },
    { date: '2026-11-20', given: 1, refused: 2, updated: 1, withdrawn: 4 },
  ],
  totals: { given: 4, refused: 3, updated: 1, withdrawn: 4 },
};

describe('decisions per day', () => {
  it('the table lists every day and event, with totals per day and for the period', () => {
    renderInLocale(<ChartTable series={series} caption="Тарату, 2026-11-18 – 2026-11-20" />);
    const table = screen.getByRole('table', { name: 'Тарату, 2026-11-18 – 2026-11-20' });
    const rows = within(table).getAllByRole('row').map((row) => within(row).getAllByRole(/cell|columnheader|rowheader/).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Күні', 'Берілді', 'Бас тартылды', 'Жаңартылды', 'Кері қайтарылды', 'Барлығы'],
      ['2026-11-18', '3', '1', '0', '0', '4'],
      ['2026-11-19', '0', '0', '0', '0', '0'],
      ['2026-11-20', '1', '2', '1', '4', '8'],
      ['Барлығы', '4', '3', '1', '4', '12'],
    ]);
  });

  it('the chart is one image with a title and a description, stacked bars by class, no style attribute', () => {
    const { container } = renderInLocale(<DailyChart series={series} title="Тарату: күн сайынғы шешімдер" description="3 күн. Барлығы: Берілді 4." />);
    const img = screen.getByRole('img', { name: /Тарату: күн сайынғы шешімдер/ });
    expect(img.tagName.toLowerCase()).toBe('svg');
    expect(img.getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
    expect(container.querySelector('title')!.textContent).toBe('Тарату: күн сайынғы шешімдер');
    expect(container.querySelector('desc')!.textContent).toBe('3 күн. Барлығы: Берілді 4.');
    // Zero counts draw nothing; every other count is one rect of its event's class.
    expect(container.querySelectorAll('rect.bar')).toHaveLength(6);
    expect([...container.querySelectorAll('[data-date="2026-11-20"] rect')].map((r) => r.getAttribute('class'))).toEqual([
      'bar bar-given',
      'bar bar-refused',
      'bar bar-updated',
      'bar bar-withdrawn',
    ]);
    expect(container.querySelectorAll('[style]')).toHaveLength(0);
    // The tallest day (8) reaches the top tick.
    const heights = [...container.querySelectorAll('[data-date="2026-11-20"] rect')].map((r) => Number(r.getAttribute('height')));
    expect(heights.reduce((a, b) => a + b)).toBeCloseTo(280 - 12 - 36, 5);
  });

  it('ticks are whole, round numbers; labels thin out over long periods', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(labelEvery(7)).toBe(1);
    expect(labelEvery(30)).toBe(3);
    expect(labelEvery(366)).toBe(37);
  });

  it('the screen asks the receiver for the period, purpose and offset, and draws chart and table from one answer', async () => {
    const stats: DailyStats = { from: '2026-11-18', to: '2026-11-20', tzOffsetMinutes: 300, events: ['given', 'refused', 'updated', 'withdrawn'], purposes: [series] };
    const api = fakeApi({ 'GET /api/admin/stats/daily': () => json(stats) });
    const client = createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });
    renderInLocale(<StatsScreen client={client} route={{ name: 'stats', purpose: 'dissemination', from: '2026-11-18', to: '2026-11-20' }} navigate={() => {}} />);
    await screen.findByRole('img', { name: /жалпыға қолжетімді көздерде тарату: 2026-11-18 – 2026-11-20/ });
    const params = api.calls[0]!.url.searchParams;
    expect(Object.fromEntries(params)).toEqual({ from: '2026-11-18', to: '2026-11-20', purpose: 'dissemination', tzOffset: String(-new Date().getTimezoneOffset()) });
    expect(screen.getByRole('table').querySelector('tfoot')!.textContent).toBe('Барлығы431412');
  });

  it('a period from after to (from the address bar) is the form’s own error: nothing is asked, no "server could not be reached"', async () => {
    const api = fakeApi({ 'GET /api/admin/stats/daily': () => json({}) });
    const client = createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });
    renderInLocale(<StatsScreen client={client} route={{ name: 'stats', purpose: 'dissemination', from: '2026-11-21', to: '2026-11-20' }} navigate={() => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Басы соңынан кейін болмауы керек.');
    expect(alert.id).toBe('stats-error');
    expect(screen.getByLabelText('Басы').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Басы').getAttribute('aria-describedby')).toBe('stats-error');
    expect(document.body.textContent).not.toContain('Серверге қосылу мүмкін болмады');
    expect(api.calls).toEqual([]);
  });

  it('periods are checked as the receiver checks them', () => {
    expect(periodProblem('2026-11-18', '2026-11-20')).toBeNull();
    expect(periodProblem('2026-11-21', '2026-11-20')).toBe('badPeriod');
    expect(periodProblem('', '2026-11-20')).toBe('badPeriod');
    expect(periodProblem('2025-11-20', '2026-11-20')).toBeNull(); // 366 days
    expect(periodProblem('2025-11-19', '2026-11-20')).toBe('longPeriod');
  });
});
