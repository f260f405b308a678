/** @jsxImportSource preact */
import { useLocale } from './i18n/i18n.js';

/** Previous/next links (routes, so Back works) and where we are. */
export function Pager({ page, pageSize, total, hrefFor }: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string }) {
  const { t } = useLocale();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav class="pager" aria-label={t.people.pagination}>
      <p class="pager-status">
        {t.people.showing(first, last, total)} · {t.people.pageOf(Math.min(page, pages), pages)}
      </p>
      <div class="actions">
        {page > 1 && (
          <a class="button" href={hrefFor(Math.min(page - 1, pages))} rel="prev">
            {t.people.previous}
          </a>
        )}
        {page < pages && (
          <a class="button" href={hrefFor(page + 1)} rel="next">
            {t.people.next}
          </a>
        )}
      </div>
    </nav>
  );
}
