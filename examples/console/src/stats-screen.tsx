/** @jsxImportSource preact */
import { useRef, useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ApiClient } from './api-client.js';
import { DECISION_EVENTS, type DailyStats } from './api-types.js';
import { AsyncView } from './async-view.js';
import { ChartLegend, ChartTable, DailyChart } from './daily-chart.js';
import { purposeLabel, useLocale } from './i18n/i18n.js';
import { browserTzOffset, localDay, type Route } from './routes.js';
import { useAsync } from './use-async.js';

export const STATS_PURPOSES = ['dissemination', 'processing'] as const;
const MAX_DAYS = 366;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Checks a period as the receiver will: from ≤ to, at most 366 days. */
export function periodProblem(from: string, to: string): 'badPeriod' | 'longPeriod' | null {
  const a = dayMs(from);
  const b = dayMs(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) return 'badPeriod';
  return (b - a) / 86_400_000 + 1 > MAX_DAYS ? 'longPeriod' : null;
}

/** Decisions per day over a period, by purpose and event: a chart and its table. */
export function StatsScreen({ client, route, navigate }: { client: ApiClient; route: Extract<Route, { name: 'stats' }>; navigate: (route: Route) => void }) {
  const { t, language } = useLocale();
  const to = route.to || localDay(0);
  const from = route.from || localDay(-29);
  const purpose = route.purpose;
  const invalid = periodProblem(from, to);
  const handle = useAsync(
    (signal) => {
      // Never asked: the form says why (below), not an error notice about the server.
      if (invalid) return Promise.reject(new Error(invalid));
      const params = new URLSearchParams({ from, to, purpose, tzOffset: String(browserTzOffset()) });
      return client.json<DailyStats>(`/admin/stats/daily?${params}`, { signal });
    },
    [client, from, to, purpose, invalid],
  );
  const [submitError, setSubmitError] = useState<string | null>(null);
  // A period typed in the form, or one from the address bar: the form's own error either way.
  const formError = submitError ?? (invalid ? t.stats[invalid] : null);
  const fromInput = useRef<HTMLInputElement>(null);
  const toInput = useRef<HTMLInputElement>(null);
  const purposeInput = useRef<HTMLSelectElement>(null);

  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = { from: fromInput.current?.value ?? '', to: toInput.current?.value ?? '', purpose: purposeInput.current?.value ?? purpose };
    const problem = periodProblem(next.from, next.to);
    if (problem) {
      setSubmitError(t.stats[problem]);
      fromInput.current?.focus();
      return;
    }
    setSubmitError(null);
    navigate({ name: 'stats', ...next });
  };

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t.stats.title}
      </h1>
      <p>{t.stats.intro}</p>
      <form class="form form-inline" onSubmit={submit} noValidate key={`${purpose}:${from}:${to}`}>
        <div class="field">
          <label for="stats-purpose">{t.stats.purpose}</label>
          <select id="stats-purpose" name="purpose" defaultValue={purpose} ref={purposeInput}>
            {STATS_PURPOSES.map((id) => (
              <option value={id} key={id}>
                {purposeLabel(id, language)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="stats-from">{t.stats.from}</label>
          <input id="stats-from" name="from" type="date" required defaultValue={from} ref={fromInput} aria-invalid={formError ? 'true' : 'false'} aria-describedby={formError ? 'stats-error' : undefined} />
        </div>
        <div class="field">
          <label for="stats-to">{t.stats.to}</label>
          <input id="stats-to" name="to" type="date" required defaultValue={to} ref={toInput} aria-invalid={formError ? 'true' : 'false'} aria-describedby={formError ? 'stats-error' : undefined} />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t.stats.show}
          </button>
        </div>
        {formError && (
          <p id="stats-error" class="field-error" role="alert">
            {formError}
          </p>
        )}
      </form>
      {!invalid && (
        <AsyncView handle={handle} action="loadStats">
          {(stats) => {
            const series = stats.purposes.find((s) => s.purpose === purpose) ?? stats.purposes[0];
            if (!series) return <p class="empty">{t.people.none}</p>;
            const name = purposeLabel(series.purpose, language);
            const parts = DECISION_EVENTS.map((e) => `${t.stats.events[e]} ${series.totals[e]}`).join(', ');
            return (
              <div class="chart-layout">
                <figure class="chart-figure">
                  <DailyChart series={series} title={t.stats.chartTitle(name, stats.from, stats.to)} description={t.stats.chartDesc(parts, series.days.length)} />
                  <ChartLegend />
                </figure>
                <ChartTable series={series} caption={t.stats.tableCaption(name, stats.from, stats.to)} />
              </div>
            );
          }}
        </AsyncView>
      )}
    </>
  );
}
