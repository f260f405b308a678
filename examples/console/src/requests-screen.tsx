/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ApiClient } from './api-client.js';
import type { RightsQueueItem, RightsQueuePage } from './api-types.js';
import { AsyncView } from './async-view.js';
import { formatDateTime, formatDay, useLocale } from './i18n/i18n.js';
import type { Messages } from './i18n/messages.js';
import { ErrorNotice } from './notices.js';
import { routeHref, type Route } from './routes.js';
import { saveFile } from './save-file.js';
import { useAsync } from './use-async.js';

type RequestsRoute = Extract<Route, { name: 'requests' }>;
export const QUEUE_PAGE = 50;

/** The filters as the receiver reads them, for the list and its CSV alike. */
export function queueQuery(route: RequestsRoute, cursor?: string): string {
  const params = new URLSearchParams();
  if (route.kind) params.set('kind', route.kind);
  if (route.status) params.set('status', route.status);
  if (cursor !== undefined) {
    params.set('limit', String(QUEUE_PAGE));
    if (cursor) params.set('cursor', cursor);
  }
  return params.toString();
}

/** Where a request stands against its deadline, in words (a badge's colour only repeats them). */
export function DeadlineBadge({ item, t }: { item: Pick<RightsQueueItem, 'overdue' | 'dueToday' | 'met'>; t: Messages['rights'] }) {
  if (item.overdue) return <span class="badge badge-bad">⚠ {t.overdueBadge}</span>;
  if (item.dueToday) return <span class="badge badge-warn">⏰ {t.dueTodayBadge}</span>;
  if (item.met) return <span class="badge badge-ok">✓ {t.metBadge}</span>;
  return null;
}

/**
 * The operator's queue of shoppers' requests under item 23: by due date (overdue and due today
 * said in words, not only by colour), filtered by kind and status, each opening the request,
 * and the whole filtered queue as CSV.
 */
export function RequestsScreen({ client, route, navigate }: { client: ApiClient; route: RequestsRoute; navigate: (route: Route) => void }) {
  const { t, language } = useLocale();
  const r = t.rights;
  const query = queueQuery(route, route.after ?? '');
  const handle = useAsync((signal) => client.json<RightsQueuePage>(`/admin/rights-requests?${query}`, { signal }), [client, query]);
  const [csvError, setCsvError] = useState<unknown>(null);

  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate({ name: 'requests', kind: String(form.get('kind') ?? ''), status: String(form.get('status') ?? '') });
  };
  const exportCsv = async () => {
    setCsvError(null);
    try {
      const response = await client.stream(`/admin/rights-requests/export.csv?${queueQuery(route)}`);
      saveFile(await response.blob(), `rights-requests${route.status ? `-${route.status}` : ''}.csv`);
    } catch (error) {
      setCsvError(error);
    }
  };

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {r.title}
      </h1>
      <p>{r.intro}</p>
      <form class="form form-inline" onSubmit={submit} key={`${route.kind}:${route.status}`}>
        <div class="field">
          <label for="rq-kind">{r.kindLabel}</label>
          <select id="rq-kind" name="kind" defaultValue={route.kind}>
            <option value="">{r.anyKind}</option>
            {(Object.keys(r.kinds) as (keyof typeof r.kinds)[]).map((kind) => (
              <option value={kind} key={kind}>
                {r.kinds[kind]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rq-status">{r.statusLabel}</label>
          <select id="rq-status" name="status" defaultValue={route.status}>
            <option value="">{r.anyStatus}</option>
            <option value="open">{r.open}</option>
            <option value="overdue">{r.overdue}</option>
            <option value="due-today">{r.dueToday}</option>
            {(Object.keys(r.statuses) as (keyof typeof r.statuses)[]).map((status) => (
              <option value={status} key={status}>
                {r.statuses[status]}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {r.filter}
          </button>
          <button type="button" class="button" onClick={() => void exportCsv()}>
            {r.exportCsv}
          </button>
        </div>
      </form>
      {csvError !== null && <ErrorNotice action="exportCsv" error={csvError} onRetry={() => void exportCsv()} />}
      <AsyncView handle={handle} action="loadRequests">
        {(page) =>
          page.items.length === 0 ? (
            <p class="empty">{r.none}</p>
          ) : (
            <>
              <table class="table requests">
                <caption>{r.tableCaption(page.items.length)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{r.due}</th>
                    <th scope="col">{r.kindLabel}</th>
                    <th scope="col">{r.state}</th>
                    <th scope="col">{r.received}</th>
                    <th scope="col">
                      <span class="visually-hidden">{r.open_}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item) => (
                    <tr key={item.id} data-request={item.id} class={item.overdue ? 'row-overdue' : undefined}>
                      <th scope="row">
                        <time dateTime={item.dueDay}>{formatDay(item.dueDay, language)}</time> <DeadlineBadge item={item} t={r} />
                        {item.provisional && <small> ({r.provisional})</small>}
                        {item.extended && <small> ({r.extended})</small>}
                      </th>
                      <td>{r.kinds[item.kind]}</td>
                      <td>{r.statuses[item.status]}</td>
                      <td>
                        <time dateTime={item.receivedAt}>{formatDateTime(item.receivedAt, language)}</time>
                      </td>
                      <td>
                        <a class="button button-small" href={routeHref({ name: 'request', id: item.id })}>
                          {r.open_}
                          <span class="visually-hidden">
                            {' '}
                            — {r.kinds[item.kind]}, {formatDay(item.dueDay, language)}
                          </span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {page.nextCursor && (
                <p>
                  <a class="button" href={routeHref({ ...route, after: page.nextCursor })}>
                    {r.more}
                  </a>
                </p>
              )}
            </>
          )
        }
      </AsyncView>
    </>
  );
}
