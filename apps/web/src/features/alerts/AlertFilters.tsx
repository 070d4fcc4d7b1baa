import { SEVERITIES } from "@vigie/contracts";
import { type FormEvent, useId, useState } from "react";
import { useAssignees } from "../../api/alerts.ts";
import { TIME_RANGES } from "../../api/logs.ts";
import { useRules } from "../../api/rules.ts";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";
import type { AlertsSearch } from "../../routes/router.tsx";

/** The filters this form edits; the status tabs, the view and the sort are kept as they are. */
const FORM_KEYS = ["q", "range", "severity", "rule_id", "site_id", "assignee"] as const;
/** Those behind the "Filters" button on a phone. */
const FOLDED_KEYS = ["severity", "rule_id", "site_id", "assignee"] as const;

/** The form's values merged into the search: blank fields removed, paging and the open alert reset. */
function readForm(form: HTMLFormElement, search: AlertsSearch): AlertsSearch {
  const data = new FormData(form);
  const { page: _page, alert: _alert, ...kept } = search;
  const next: AlertsSearch = { ...kept };
  for (const key of FORM_KEYS) {
    const value = String(data.get(key) ?? "").trim();
    if (value) next[key] = value;
    else delete next[key];
  }
  // A preset window replaces an absolute one (which arrives from links, e.g. the dashboard).
  if (next.range) delete next.from;
  return next;
}

/** Free text, time window, severity, rule, site and assignee; applying writes them to the URL. */
export function AlertFilters({
  search,
  onApply,
}: {
  search: AlertsSearch;
  onApply: (next: AlertsSearch) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const fieldsId = useId();
  const [unfolded, setUnfolded] = useState(false);
  const active = FOLDED_KEYS.filter((key) => search[key]).length;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onApply(readForm(e.currentTarget, search));
  };
  const clear = () => {
    const { status, view, sort, order } = search;
    onApply({ status, view, sort, order });
  };
  return (
    <form
      key={JSON.stringify(search)}
      onSubmit={submit}
      className="flex shrink-0 flex-col gap-2 border-b border-line bg-panel px-3 py-3 sm:px-5"
      aria-label={t("alerts.filters")}
      data-testid="alert-filters"
    >
      <div className="flex flex-wrap gap-2">
        <input
          name="q"
          type="search"
          defaultValue={search.q ?? ""}
          placeholder={t("alerts.searchPlaceholder")}
          aria-label={t("common.search")}
          className="vg-input min-w-0 flex-1 max-sm:basis-full"
          data-testid="alert-search"
        />
        <select
          name="range"
          defaultValue={search.range ?? ""}
          aria-label={t("events.range")}
          className="vg-input w-auto"
        >
          <option value="">{t("events.range.all")}</option>
          {Object.keys(TIME_RANGES).map((r) => (
            <option key={r} value={r}>
              {t(`events.range.${r}` as MessageKey)}
            </option>
          ))}
        </select>
        <button type="submit" className="vg-btn-primary">
          {t("common.apply")}
        </button>
        <button type="button" className="vg-btn" onClick={clear}>
          {t("common.clear")}
        </button>
        <button
          type="button"
          className="vg-btn md:hidden"
          aria-expanded={unfolded}
          aria-controls={fieldsId}
          onClick={() => setUnfolded(!unfolded)}
        >
          {active ? t("events.filtersCount", { count: active }) : t("events.filtersButton")}
        </button>
      </div>
      {search.technique && (
        <p className="flex items-center gap-2 text-[12px] text-muted" data-testid="alert-technique">
          {t("alerts.technique", { technique: search.technique })}
          <button
            type="button"
            className="text-accent hover:underline"
            onClick={() => onApply({ ...search, technique: undefined, page: undefined, alert: undefined })}
          >
            {t("alerts.techniqueClear")}
          </button>
        </p>
      )}
      {search.from && !search.range && (
        <p className="text-[12px] text-muted" data-testid="alert-window">
          {t("alerts.window", {
            from: fmt.dateTime(search.from),
            to: search.to ? fmt.dateTime(search.to) : "…",
          })}
        </p>
      )}
      <div
        id={fieldsId}
        className={`${unfolded ? "grid" : "hidden"} grid-cols-2 gap-2 md:grid md:grid-cols-4`}
      >
        <select
          name="severity"
          defaultValue={search.severity ?? ""}
          aria-label={t("events.filter.severity")}
          className="vg-input w-full"
        >
          <option value="">{t("common.filterAll", { label: t("events.filter.severity") })}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
        <RuleSelect value={search.rule_id} />
        <input
          name="site_id"
          defaultValue={search.site_id ?? ""}
          placeholder={t("events.filter.site_id")}
          aria-label={t("events.filter.site_id")}
          className="vg-input w-full"
        />
        <AssigneeSelect value={search.assignee} />
      </div>
    </form>
  );
}

/** The rules that may have raised alerts, by name. */
function RuleSelect({ value }: { value: string | undefined }) {
  const t = useT();
  const rules = useRules();
  const sorted = [...(rules.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <select
      name="rule_id"
      defaultValue={value ?? ""}
      key={`${value}-${sorted.length}`}
      aria-label={t("alerts.filter.rule")}
      className="vg-input w-full"
    >
      <option value="">{t("common.filterAll", { label: t("alerts.filter.rule") })}</option>
      {sorted.map((rule) => (
        <option key={rule.id} value={rule.id}>
          {rule.name}
        </option>
      ))}
    </select>
  );
}

/** Anyone, me, nobody, or one user. */
function AssigneeSelect({ value }: { value: string | undefined }) {
  const t = useT();
  const assignees = useAssignees();
  return (
    <select
      name="assignee"
      defaultValue={value ?? ""}
      key={`${value}-${assignees.data?.length ?? 0}`}
      aria-label={t("alerts.filter.assignee")}
      className="vg-input w-full"
      data-testid="assignee-filter"
    >
      <option value="">{t("alerts.assignee.anyone")}</option>
      <option value="me">{t("alerts.assignee.me")}</option>
      <option value="unassigned">{t("alerts.assignee.unassigned")}</option>
      {assignees.data?.map((user) => (
        <option key={user.id} value={user.id}>
          {user.username}
        </option>
      ))}
    </select>
  );
}
