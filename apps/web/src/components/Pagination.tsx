import { useT } from "../i18n/index.ts";

/** Previous / next over a native page envelope, with the total. */
export function Pagination({
  page,
  pages,
  total,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const t = useT();
  return (
    <nav aria-label={t("common.pagination")} className="flex items-center gap-2 text-muted">
      <span>{t("common.total", { count: total })}</span>
      <span className="flex-1" />
      <button type="button" className="vg-btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("common.previous")}
      </button>
      <span>{t("common.pageOf", { page, pages: Math.max(pages, 1) })}</span>
      <button type="button" className="vg-btn" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t("common.next")}
      </button>
    </nav>
  );
}
