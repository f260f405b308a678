/** @jsxImportSource preact */
import type { ApiClient } from './api-client.js';
import type { RequestHistory } from './api-types.js';
import { AsyncView } from './async-view.js';
import { formatDateTime, useLocale } from './i18n/i18n.js';
import { SWITCHED_PURPOSE } from './request-switch.js';
import { useAsync } from './use-async.js';

const SHOWN = 20;

/** Who switched the request, when, and which way: newest first. `version` bumps after each change. */
export function SwitchHistory({ client, version }: { client: ApiClient; version: number }) {
  const { t, language } = useLocale();
  const handle = useAsync((signal) => client.json<RequestHistory>(`/admin/requests/${SWITCHED_PURPOSE}/history?limit=${SHOWN}`, { signal }), [client, version]);
  return (
    <section class="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t.dashboard.historyHeading}</h2>
      <AsyncView handle={handle} action="loadHistory">
        {(history) =>
          history.items.length === 0 ? (
            <p>{t.dashboard.historyEmpty}</p>
          ) : (
            <table class="table">
              <caption>{t.dashboard.historyTotal(history.total)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.when}</th>
                  <th scope="col">{t.dashboard.who}</th>
                  <th scope="col">{t.dashboard.change}</th>
                </tr>
              </thead>
              <tbody>
                {history.items.map((change, i) => (
                  <tr key={`${change.changedAt}-${i}`}>
                    <td>
                      <time dateTime={change.changedAt}>{formatDateTime(change.changedAt, language)}</time>
                    </td>
                    <td>{change.changedBy}</td>
                    <td>{change.requested ? t.dashboard.turnedOn : t.dashboard.turnedOff}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </AsyncView>
    </section>
  );
}
