import { useT } from "../i18n/index.ts";

/** Previous / next over a native page envelope, with the total: the footer bar under a list. */
export function Pagination({
  page,
  pages,
  total,
  totalIsLowerBound = false,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  /** More match than were counted: the total reads "10,000+" and paging goes on past it. */
  totalIsLowerBound?: boolean;
  onPage: (page: number) => void;
}) {
  const t = useT();
  const lastPage = totalIsLowerBound ? Number.POSITIVE_INFINITY : pages;
  return (
    <nav
      aria-label={t("common.pagination")}
      className="flex shrink-0 items-center gap-2 border-t border-line bg-panel px-3 py-2 text-muted sm:px-5"
    >
      <span className="min-w-0 truncate" data-testid="list-total">
        {t(totalIsLowerBound ? "common.totalAtLeast" : "common.total", { count: total })}
      </span>
      <span className="flex-1" />
      {/* On a phone the arrows stand for the words, which stay for screen readers. */}
      <button type="button" className="vg-btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <span aria-hidden="true" className="sm:hidden">
          ‹
        </span>
        <span className="max-sm:sr-only">{t("common.previous")}</span>
      </button>
      <span className="shrink-0 tabular-nums">
        {totalIsLowerBound
          ? t("common.page", { page })
          : t("common.pageOf", { page, pages: Math.max(pages, 1) })}
      </span>
      <button type="button" className="vg-btn" disabled={page >= lastPage} onClick={() => onPage(page + 1)}>
        <span className="max-sm:sr-only">{t("common.next")}</span>
        <span aria-hidden="true" className="sm:hidden">
          ›
        </span>
      </button>
    </nav>
  );
}
