/** @jsxImportSource preact */
import type { PersonRow } from './api-types.js';
import { formatDateTime, useLocale } from './i18n/i18n.js';

/** Holders or withdrawals: who, since when, and a link to the receipts behind it. */
export function PeopleTable({ rows, total, timeHeader, proofHref }: { rows: readonly PersonRow[]; total: number; timeHeader: string; proofHref: (row: PersonRow) => string }) {
  const { t, language } = useLocale();
  if (rows.length === 0) return <p class="empty">{t.people.none}</p>;
  return (
    <table class="table people">
      <caption>{t.people.tableCaption(total)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.people.principal}</th>
          <th scope="col">{t.people.customerId}</th>
          <th scope="col">{timeHeader}</th>
          <th scope="col">{t.people.receivedAt}</th>
          <th scope="col">{t.people.proof}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const at = new Date(row.consentTimestamp * 1000).toISOString();
          return (
            <tr key={row.receiptId} data-receipt={row.receiptId}>
              <th scope="row" class="mono">
                {row.principal}
              </th>
              <td class="mono">{row.subjectId ?? '—'}</td>
              <td>
                <time dateTime={at}>{formatDateTime(at, language)}</time>
              </td>
              <td>
                <time dateTime={row.receivedAt}>{formatDateTime(row.receivedAt, language)}</time>
              </td>
              <td>
                <a class="button button-small" href={proofHref(row)}>
                  {t.people.proof}
                  <span class="visually-hidden"> — {row.principal}</span>
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
