/** @jsxImportSource preact */
import { useLocale } from './i18n/i18n.js';

/** Previous/next links (routes, so Back works) and where we are. */
export function Pager({ page, pageSize, total, prevHref, nextHref }: { page: number; pageSize: number; total: number; prevHref: string; nextHref: string }) {
  const { t } = useLocale();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end is shown as the last one (the screen goes there): never "51–30 of 30".
  const current = Math.min(page, pages);
  const first = total === 0 ? 0 : (current - 1) * pageSize + 1;
  const last = Math.min(total, current * pageSize);
  return (
    <nav class="pager" aria-label={t.people.pagination}>
      <p class="pager-status">
        {t.people.showing(first, last, total)} · {t.people.pageOf(current, pages)}
      </p>
      <div class="actions">
        {current > 1 && (
          <a class="button" href={prevHref} rel="prev">
            {t.people.previous}
          </a>
        )}
        {current < pages && (
          <a class="button" href={nextHref} rel="next">
            {t.people.next}
          </a>
        )}
      </div>
    </nav>
  );
}
