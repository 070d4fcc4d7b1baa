import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import type { SearchParts } from "../../api/savedSearches.ts";
import { useT } from "../../i18n/index.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { hasRole, useRole } from "../../stores/auth.ts";
import { useRecentSearches } from "./recentSearches.ts";
import { SavedSearchesDrawer } from "./SavedSearchesDrawer.tsx";
import { eventsSearchOf, searchPartsOf, searchToText } from "./searchParts.ts";

/** "Create rule from this search": the rules page with the rule form pre-filled from the search. */
function RuleFromSearchLink({
  parts,
  className = "",
  testId,
}: {
  parts: SearchParts;
  className?: string;
  testId: string;
}) {
  const t = useT();
  return (
    <Link
      to="/rules"
      search={{ from_search: searchToText(parts) }}
      className={`vg-btn whitespace-nowrap ${className}`}
      data-testid={testId}
    >
      {t("saved.toRule")}
    </Link>
  );
}

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
      {/* On a phone the header has no room for it: the drawer offers it there. */}
      {writesRules && <RuleFromSearchLink parts={parts} className="max-sm:hidden" testId="search-to-rule" />}
      {open && (
        <SavedSearchesDrawer
          current={parts}
          recent={recent}
          actions={writesRules && <RuleFromSearchLink parts={parts} testId="search-to-rule-drawer" />}
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
