import type { SavedSearch } from "@vigie/contracts";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { type SearchParts, useSavedSearchChange } from "../../api/savedSearches.ts";
import { Switch } from "../../components/Switch.tsx";
import { useT } from "../../i18n/index.ts";
import { useRole } from "../../stores/auth.ts";
import { SearchSummary } from "./SearchSummary.tsx";

/** The new name of a saved search, typed in place. */
function RenameForm({ search, onDone }: { search: SavedSearch; onDone: () => void }) {
  const t = useT();
  const change = useSavedSearchChange();
  const [name, setName] = useState(search.name);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { kind: "update", id: search.id, patch: { name: name.trim() } },
      {
        onSuccess: onDone,
        onError: (cause) => setError(cause instanceof ApiError ? cause.body.message : String(cause)),
      },
    );
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2">
      <input
        className="vg-input min-w-0 flex-1"
        aria-label={t("saved.renameLabel", { name: search.name })}
        maxLength={120}
        required
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this one
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="vg-btn-primary" disabled={change.isPending || !name.trim()}>
        {t("common.save")}
      </button>
      <button type="button" className="vg-btn" onClick={onDone}>
        {t("common.cancel")}
      </button>
      {error && (
        <p role="alert" className="basis-full text-[12px] text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * One saved search: its name opens it; its owner renames, shares or deletes it, and an admin may delete a
 * shared one (the API decides; the buttons follow the same rule).
 */
export function SavedSearchItem({
  search,
  onOpen,
}: {
  search: SavedSearch;
  onOpen: (parts: SearchParts) => void;
}) {
  const t = useT();
  const role = useRole();
  const change = useSavedSearchChange();
  const [renaming, setRenaming] = useState(false);
  const canDelete = search.mine || (search.shared && role === "admin");
  const remove = () =>
    window.confirm(t("common.confirmDelete", { name: search.name })) &&
    change.mutate({ kind: "delete", id: search.id });
  return (
    <li className="flex flex-col gap-1.5 py-2" data-testid="saved-search">
      {renaming ? (
        <RenameForm search={search} onDone={() => setRenaming(false)} />
      ) : (
        <button
          type="button"
          className="flex flex-col gap-0.5 rounded-md px-2 py-1 text-left hover:bg-raised"
          onClick={() => onOpen({ q: search.q, filters: search.filters })}
          data-testid="saved-search-open"
        >
          <span className="font-semibold">
            {search.name}
            {!search.mine && (
              <span className="ml-2 text-[12px] font-normal text-muted">
                {t("saved.by", { owner: search.owner })}
              </span>
            )}
          </span>
          {search.description && (
            <span className="text-[12px] text-muted" data-testid="saved-search-description">
              {search.description}
            </span>
          )}
          <SearchSummary parts={{ q: search.q, filters: search.filters }} />
        </button>
      )}
      {(search.mine || canDelete) && !renaming && (
        <div className="flex flex-wrap items-center gap-2 px-2">
          {search.mine && (
            <>
              <Switch
                checked={search.shared}
                label={t("saved.shareToggle", { name: search.name })}
                disabled={change.isPending}
                onToggle={() =>
                  change.mutate({ kind: "update", id: search.id, patch: { shared: !search.shared } })
                }
              />
              <span className="text-[12px] text-muted">{t("saved.shared")}</span>
              <button type="button" className="vg-btn" onClick={() => setRenaming(true)}>
                {t("saved.rename")}
              </button>
            </>
          )}
          {canDelete && (
            <button
              type="button"
              className="vg-btn-danger"
              aria-label={t("saved.deleteLabel", { name: search.name })}
              onClick={remove}
            >
              {t("common.delete")}
            </button>
          )}
        </div>
      )}
      {change.error && (
        <p role="alert" className="px-2 text-[12px] text-red-600 dark:text-red-400">
          {change.error instanceof ApiError ? change.error.body.message : String(change.error)}
        </p>
      )}
    </li>
  );
}
