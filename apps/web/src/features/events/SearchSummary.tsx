import type { SearchParts } from "../../api/savedSearches.ts";
import { useT } from "../../i18n/index.ts";

/** A search in two lines: its text (monospace), then its filters as `key=value`. */
export function SearchSummary({ parts }: { parts: SearchParts }) {
  const t = useT();
  const filters = Object.entries(parts.filters).map(([key, value]) => `${key}=${value}`);
  return (
    <span className="flex min-w-0 flex-col text-left">
      <span className="break-words font-mono text-[12.5px]">
        {parts.q || (filters.length ? t("saved.noText") : t("saved.everything"))}
      </span>
      {filters.length > 0 && (
        <span className="break-words text-[12px] text-muted">{filters.join(" · ")}</span>
      )}
    </span>
  );
}
