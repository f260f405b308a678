/** @jsxImportSource preact */
import { useEffect, useRef } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ApiClient } from './api-client.js';
import type { PersonPage } from './api-types.js';
import { AsyncView } from './async-view.js';
import { CsvExport } from './csv-export.js';
import { useLocale } from './i18n/i18n.js';
import { Pager } from './pager.js';
import { PeopleTable } from './people-table.js';
import { SWITCHED_PURPOSE } from './request-switch.js';
import { browserTzOffset, localDay, routeHref, type Route } from './routes.js';
import { useAsync } from './use-async.js';

export const PAGE_SIZE = 25;

type PeopleRoute = Extract<Route, { name: 'holders' | 'withdrawals' }>;

/** The query string both the list and its CSV take, so the export is exactly the list's rows. */
export function peopleQuery(route: PeopleRoute, paging?: { limit: number; offset: number } | { limit: number; cursor: string }): string {
  const params = new URLSearchParams({ purpose: SWITCHED_PURPOSE });
  if (route.name === 'withdrawals') {
    params.set('since', route.since || localDay(-30));
    params.set('tzOffset', String(browserTzOffset()));
  }
  if (route.q) params.set('q', route.q);
  if (paging) {
    params.set('limit', String(paging.limit));
    if ('cursor' in paging) params.set('cursor', paging.cursor);
    else params.set('offset', String(paging.offset));
  }
  return params.toString();
}

/**
 * Who holds dissemination consent now, or who withdrew it since a date: search by principal or
 * customer id, pages of 25, CSV of everything the search matches, and each row's proof.
 */
export function PeopleScreen({ client, route, navigate }: { client: ApiClient; route: PeopleRoute; navigate: (route: Route, options?: { replace?: boolean }) => void }) {
  const { t } = useLocale();
  const holders = route.name === 'holders';
  const since = holders ? '' : route.since || localDay(-30);
  const endpoint = holders ? '/admin/holders' : '/admin/withdrawals';
  // Reached by Next, a page continues after the previous one's last row (the receiver's cursor:
  // an index seek, however deep); an old link, Previous or a page number alone asks by offset.
  const listQuery = peopleQuery(route, route.after ? { limit: PAGE_SIZE, cursor: route.after } : { limit: PAGE_SIZE, offset: (route.page - 1) * PAGE_SIZE });
  // The answer carries the query it answers: until it matches the one on screen, the list is busy.
  const handle = useAsync(async (signal) => ({ query: listQuery, page: await client.json<PersonPage>(`${endpoint}?${listQuery}`, { signal }) }), [client, endpoint, listQuery]);
  const found = handle.state.status === 'done' && handle.state.value.query === listQuery ? handle.state.value.page : null;
  const shown = found !== null;
  const search = useRef<HTMLInputElement>(null);
  const sinceInput = useRef<HTMLInputElement>(null);

  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = (search.current?.value ?? '').trim().slice(0, 200);
    navigate(holders ? { name: 'holders', q, page: 1 } : { name: 'withdrawals', q, page: 1, since: sinceInput.current?.value || since });
  };
  const routeFor = (page: number, after?: string | null): PeopleRoute => {
    const { after: _current, ...rest } = route;
    return { ...rest, page, ...(holders ? {} : { since }), ...(after ? { after } : {}) };
  };
  const pages = found ? Math.max(1, Math.ceil(found.total / PAGE_SIZE)) : 1;
  // Past the end (the list shrank since, or an old link): the last page, in place of this history
  // entry, so Back does not bounce here again.
  useEffect(() => {
    if (found && route.page > pages) navigate(routeFor(pages), { replace: true });
  }, [found, route.page]);
  const back = routeHref(route);

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {holders ? t.people.holdersTitle : t.people.withdrawalsTitle}
      </h1>
      <p>{holders ? t.people.holdersIntro : t.people.withdrawalsIntro}</p>
      <form class="form form-inline" role="search" onSubmit={submit} key={`${route.name}:${route.q}:${since}`}>
        {!holders && (
          <div class="field">
            <label for="since">{t.people.sinceLabel}</label>
            <input id="since" name="since" type="date" required defaultValue={since} ref={sinceInput} />
          </div>
        )}
        <div class="field">
          <label for="people-search">{t.people.searchLabel}</label>
          <p id="people-search-hint" class="hint">
            {t.people.searchHint}
          </p>
          <input id="people-search" name="q" type="search" maxLength={200} defaultValue={route.q} aria-describedby="people-search-hint" ref={search} />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t.people.search}
          </button>
          {route.q && (
            <a class="button" href={routeHref(holders ? { name: 'holders', q: '', page: 1 } : { name: 'withdrawals', q: '', page: 1, since })}>
              {t.people.clear}
            </a>
          )}
        </div>
      </form>
      {/* Always here, outside the list that loading replaces, so what was found is announced (WCAG 4.1.3). */}
      <p role="status" class="visually-hidden">
        {found && `${t.people.tableCaption(found.total)}. ${t.people.pageOf(Math.min(route.page, pages), pages)}.`}
      </p>
      <div class="results" aria-busy={shown || handle.state.status === 'error' || handle.state.status === 'cancelled' ? 'false' : 'true'} data-query={shown ? listQuery : ''}>
      <AsyncView handle={handle} action={holders ? 'loadHolders' : 'loadWithdrawals'}>
        {({ page }) => (
          <>
            <CsvExport
              client={client}
              path={`${endpoint}.csv?${peopleQuery(route)}`}
              filename={holders ? `holders-${SWITCHED_PURPOSE}.csv` : `withdrawals-${SWITCHED_PURPOSE}-since-${since}.csv`}
              total={page.total}
            />
            <PeopleTable
              rows={page.items}
              total={page.total}
              timeHeader={holders ? t.people.grantedAt : t.people.withdrawnAt}
              proofHref={(row) => routeHref({ name: 'proof', kid: row.kid, receipt: row.receiptId, list: route.name, customer: row.subjectId ?? '', back })}
            />
            <Pager
              page={route.page}
              pageSize={PAGE_SIZE}
              total={page.total}
              prevHref={routeHref(routeFor(Math.min(route.page, pages) - 1))}
              nextHref={routeHref(routeFor(route.page + 1, page.nextCursor))}
            />
          </>
        )}
      </AsyncView>
      </div>
    </>
  );
}
