/** @jsxImportSource preact */
import { DECISION_EVENTS, type PurposeSeries } from './api-types.js';
import { countTicks, labelEvery } from './chart-scale.js';
import { useLocale } from './i18n/i18n.js';

const WIDTH = 720;
const HEIGHT = 280;
const MARGIN = { top: 12, right: 12, bottom: 36, left: 44 };

/**
 * Decisions per day as stacked bars, one colour per event, drawn as plain SVG with classes
 * (no style attributes: the page's CSP is `style-src 'self'`). For assistive technology it is
 * one image with a title and a summary; the numbers are in the table beside it.
 */
export function DailyChart({ series, title, description }: { series: PurposeSeries; title: string; description: string }) {
  const { t } = useLocale();
  const days = series.days;
  const sums = days.map((d) => DECISION_EVENTS.reduce((sum, e) => sum + d[e], 0));
  const ticks = countTicks(Math.max(0, ...sums));
  const top = ticks.at(-1)!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const every = labelEvery(days.length);

  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title chart-desc" focusable="false">
      <title id="chart-title">{title}</title>
      <desc id="chart-desc">{description}</desc>
      <g class="chart-grid">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} />
            <text x={MARGIN.left - 6} y={y(v)} class="chart-tick" text-anchor="end" dominant-baseline="middle">
              {v}
            </text>
          </g>
        ))}
      </g>
      <g class="chart-bars">
        {days.map((day, i) => {
          const x = MARGIN.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={day.date} data-date={day.date}>
              {DECISION_EVENTS.map((event) => {
                const value = day[event];
                if (value === 0) return null;
                const rect = <rect key={event} class={`bar bar-${event}`} x={x} width={barW} y={y(base + value)} height={y(base) - y(base + value)} />;
                base += value;
                return rect;
              })}
              {i % every === 0 && (
                <text x={x + barW / 2} y={HEIGHT - MARGIN.bottom + 16} class="chart-tick" text-anchor="middle">
                  {day.date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </g>
      <line class="chart-axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
      <text class="chart-label" x={MARGIN.left} y={HEIGHT - 4}>
        {t.stats.date}
      </text>
    </svg>
  );
}

/** The chart's numbers, day by day, with totals: what a screen reader (or anyone) reads exactly. */
export function ChartTable({ series, caption }: { series: PurposeSeries; caption: string }) {
  const { t } = useLocale();
  const rowTotal = (counts: Record<(typeof DECISION_EVENTS)[number], number>) => DECISION_EVENTS.reduce((sum, e) => sum + counts[e], 0);
  return (
    <table class="table chart-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.stats.date}</th>
          {DECISION_EVENTS.map((event) => (
            <th scope="col" key={event}>
              {t.stats.events[event]}
            </th>
          ))}
          <th scope="col">{t.stats.total}</th>
        </tr>
      </thead>
      <tbody>
        {series.days.map((day) => (
          <tr key={day.date}>
            <th scope="row">
              <time dateTime={day.date}>{day.date}</time>
            </th>
            {DECISION_EVENTS.map((event) => (
              <td key={event} class="num">
                {day[event]}
              </td>
            ))}
            <td class="num">{rowTotal(day)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t.stats.total}</th>
          {DECISION_EVENTS.map((event) => (
            <td key={event} class="num">
              {series.totals[event]}
            </td>
          ))}
          <td class="num">{rowTotal(series.totals)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function ChartLegend() {
  const { t } = useLocale();
  return (
    <div class="legend">
      <p class="legend-title" id="legend-title">
        {t.stats.legend}
      </p>
      <ul aria-labelledby="legend-title">
        {DECISION_EVENTS.map((event) => (
          <li key={event}>
            <span class={`swatch swatch-${event}`} aria-hidden="true" />
            <strong>{t.stats.events[event]}</strong>: {t.stats.eventNotes[event]}
          </li>
        ))}
      </ul>
    </div>
  );
}
