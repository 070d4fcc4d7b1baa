import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useT } from "../../i18n/index.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { hasRole, useRole } from "../../stores/auth.ts";
import { useRecentSearches } from "./recentSearches.ts";
import { SavedSearchesDrawer } from "./SavedSearchesDrawer.tsx";
import { eventsSearchOf, searchPartsOf, searchToText } from "./searchParts.ts";

/**
 * The Events page's search actions: saved and recent searches (a drawer), and "Create rule from this
 * search" for those who write rules; every search run here is remembered as a recent one.
 */
export function SearchMenu({
  search,
  onOpen,
}: {
  search: EventsSearch;
  onOpen: (next: EventsSearch) => void;
}) {
  const t = useT();
  const parts = useMemo(() => searchPartsOf(search), [search]);
  const recent = useRecentSearches(parts);
  const [open, setOpen] = useState(false);
  const writesRules = hasRole(useRole(), "supervisor");
  return (
    <>
      <button
        type="button"
        className="vg-btn"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="saved-searches-open"
      >
        {t("saved.open")}
      </button>
      {writesRules && (
        <Link
          to="/rules"
          search={{ from_search: searchToText(parts) }}
          className="vg-btn"
          data-testid="search-to-rule"
        >
          {t("saved.toRule")}
        </Link>
      )}
      {open && (
        <SavedSearchesDrawer
          current={parts}
          recent={recent}
          onOpen={(chosen) => {
            setOpen(false);
            onOpen(eventsSearchOf(chosen));
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
