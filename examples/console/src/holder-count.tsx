/** @jsxImportSource preact */
import { useEffect } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import type { HolderCount as HolderCountBody } from './api-types.js';
import { AsyncView } from './async-view.js';
import { formatDateTime, useLocale } from './i18n/i18n.js';
import { SWITCHED_PURPOSE } from './request-switch.js';
import { routeHref } from './routes.js';
import { useAsync } from './use-async.js';

/** How often the count refreshes itself while the dashboard is open. */
export const COUNT_REFRESH_MS = 30_000;

/** The live number of shoppers whose current dissemination consent is granted. */
export function HolderCount({ client }: { client: ApiClient }) {
  const { t, language } = useLocale();
  const handle = useAsync((signal) => client.json<HolderCountBody>(`/admin/holders/count?purpose=${SWITCHED_PURPOSE}`, { signal }), [client], { keepValue: true });
  const { retry } = handle;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') retry();
    }, COUNT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);

  return (
    <section class="card" aria-labelledby="count-heading">
      <h2 id="count-heading">{t.dashboard.countHeading}</h2>
      <AsyncView handle={handle} action="loadCount">
        {(count) => (
          <>
            <p class="count">
              <data value={String(count.holders)} data-testid="holder-count">
                {t.dashboard.countValue(count.holders)}
              </data>
            </p>
            <p class="hint">
              <time dateTime={count.asOf}>{t.dashboard.asOf(formatDateTime(count.asOf, language))}</time>
            </p>
            <div class="actions">
              <button type="button" class="button" onClick={retry}>
                {t.dashboard.refresh}
              </button>
              <a class="button" href={routeHref({ name: 'holders', q: '', page: 1 })}>
                {t.dashboard.toHolders}
              </a>
            </div>
          </>
        )}
      </AsyncView>
    </section>
  );
}
