import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { type SearchParts, useSavedSearchChange, useSavedSearches } from "../../api/savedSearches.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { Field } from "../../components/Field.tsx";
import { QueryView } from "../../components/states.tsx";
import { useT } from "../../i18n/index.ts";
import { SavedSearchItem } from "./SavedSearchItem.tsx";
import { SearchSummary } from "./SearchSummary.tsx";
import { isEmptySearch, searchKey } from "./searchParts.ts";

/** A titled part of the drawer. */
function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h3 id={id} className="vg-title">
        {title}
      </h3>
      {hint && <p className="text-[12px] text-muted">{hint}</p>}
      {children}
    </section>
  );
}

/** Saves the search on screen under a name, with what it is for, private or shared. */
function SaveSearchForm({ current, actions }: { current: SearchParts; actions?: React.ReactNode }) {
  const t = useT();
  const change = useSavedSearchChange();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const empty = isEmptySearch(current);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    change.mutate(
      { kind: "create", name: name.trim(), description: description.trim() || null, shared, search: current },
      {
        onSuccess: () => {
          setError(undefined);
          setName("");
          setDescription("");
          setSaved(true);
        },
        onError: (cause) =>
          setError(
            cause instanceof ApiError ? (cause.fieldErrors().name ?? cause.body.message) : String(cause),
          ),
      },
    );
  };
  return (
    <Section title={t("saved.current")} hint={empty ? t("saved.emptyCurrent") : undefined}>
      <SearchSummary parts={current} />
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      <form onSubmit={submit} className="flex flex-col gap-2" data-testid="save-search-form">
        <Field label={t("saved.name")} error={error}>
          {(p) => (
            <input
              {...p}
              name="name"
              className="vg-input"
              maxLength={120}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("saved.description")}>
          {(p) => (
            <textarea
              {...p}
              name="description"
              className="vg-input"
              rows={2}
              maxLength={1000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <label className="flex items-center gap-2 text-[13px]">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          {t("saved.share")}
        </label>
        <div className="flex items-center gap-3">
          <button
            type="submit"
            className="vg-btn-primary"
            disabled={empty || change.isPending || !name.trim()}
          >
            {change.isPending ? t("common.saving") : t("saved.save")}
          </button>
          <span aria-live="polite" className="text-[12px] text-muted" data-testid="save-search-done">
            {saved ? t("saved.saved") : ""}
          </span>
        </div>
      </form>
    </Section>
  );
}

/** Mine first, then those others share; opening one runs it. */
function SavedList({ onOpen }: { onOpen: (parts: SearchParts) => void }) {
  const t = useT();
  const searches = useSavedSearches();
  return (
    <Section title={t("saved.list")}>
      <QueryView
        query={searches}
        isEmpty={(page) => page.items.length === 0}
        empty={<p className="text-[12.5px] text-muted">{t("saved.none")}</p>}
      >
        {(page) => (
          <ul className="flex flex-col divide-y divide-line" data-testid="saved-search-list">
            {page.items.map((s) => (
              <SavedSearchItem key={s.id} search={s} onOpen={onOpen} />
            ))}
          </ul>
        )}
      </QueryView>
    </Section>
  );
}

/** The last searches run on this page, in this browser. */
function RecentList({ recent, onOpen }: { recent: SearchParts[]; onOpen: (parts: SearchParts) => void }) {
  const t = useT();
  return (
    <Section title={t("saved.recent")} hint={t("saved.recentHint")}>
      {recent.length === 0 ? (
        <p className="text-[12.5px] text-muted">{t("saved.recentNone")}</p>
      ) : (
        <ul className="flex flex-col gap-1" data-testid="recent-search-list">
          {recent.map((parts) => (
            <li key={searchKey(parts)}>
              <button
                type="button"
                className="w-full rounded-md px-2 py-1.5 text-left hover:bg-raised"
                onClick={() => onOpen(parts)}
              >
                <SearchSummary parts={parts} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** Saved and recent searches of the Events page: save the current one, open, rename, share or delete. */
export function SavedSearchesDrawer({
  current,
  recent,
  actions,
  onOpen,
  onClose,
}: {
  current: SearchParts;
  recent: SearchParts[];
  /** What else can be done with the current search (the rule from it). */
  actions?: React.ReactNode;
  onOpen: (parts: SearchParts) => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Drawer title={t("saved.title")} onClose={onClose} testId="saved-searches">
      <div className="flex flex-col gap-6">
        <SaveSearchForm current={current} actions={actions} />
        <SavedList onOpen={onOpen} />
        <RecentList recent={recent} onOpen={onOpen} />
      </div>
    </Drawer>
  );
}
