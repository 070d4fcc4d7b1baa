import { EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "@vigie/contracts";
import { type FormEvent, useId, useState } from "react";
import { LOG_FILTER_KEYS, type LogFilters, TIME_RANGES } from "../../api/logs.ts";
import { DateTimeInput } from "../../components/DateTimeInput.tsx";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";
import { fromDateTimeInput } from "../../i18n/time-zone.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { QueryInput } from "./QueryInput.tsx";
import type { QueryError } from "./queryError.ts";

type FilterKey = (typeof LOG_FILTER_KEYS)[number];

/** Filters offered as a fixed list; the others are free inputs. */
const CHOICES: Partial<Record<FilterKey, readonly string[]>> = {
  severity: SEVERITIES,
  source_type: SOURCE_TYPES,
  status: EVENT_STATUSES,
};
const TIME_KEYS = new Set<FilterKey>(["from", "to"]);

/** Reads the filter form into URL search params (blank fields removed; times typed in `zone`). */
function readForm(form: HTMLFormElement, zone: string): EventsSearch {
  const data = new FormData(form);
  const out: EventsSearch = {};
  for (const key of ["q", "range", ...LOG_FILTER_KEYS] as const) {
    const raw = String(data.get(key) ?? "").trim();
    const value = TIME_KEYS.has(key as FilterKey) ? fromDateTimeInput(raw, zone) : raw;
    if (value) out[key] = value;
  }
  return out;
}

/** The applied filters other than the search text: the autocomplete's values count under them. */
function otherFilters({
  q: _q,
  event: _event,
  page: _page,
  sort: _sort,
  order: _order,
  ...rest
}: EventsSearch) {
  return rest as LogFilters;
}

/** Free text plus one input per API filter; applying writes them to the URL so the view can be shared. */
export function EventFilters({
  search,
  onApply,
  queryError,
}: {
  search: EventsSearch;
  onApply: (next: EventsSearch) => void;
  /** The server could not read the search: shown under the box, at its position. */
  queryError?: QueryError;
}) {
  const t = useT();
  const { zone } = useFormat();
  const fieldsId = useId();
  const errorId = useId();
  // On a phone the field grid would fill the screen: it folds behind a button that counts the filters set.
  const active = LOG_FILTER_KEYS.filter((key) => search[key]).length;
  const [unfolded, setUnfolded] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onApply(readForm(e.currentTarget, zone));
  };
  return (
    <form
      key={JSON.stringify(search)}
      onSubmit={submit}
      className="flex shrink-0 flex-col gap-2 border-b border-line bg-panel px-3 py-3 sm:px-5"
      data-testid="event-filters"
      aria-label={t("events.filters")}
    >
      <div className="flex flex-wrap gap-2">
        <QueryInput
          defaultValue={search.q ?? ""}
          filters={otherFilters(search)}
          invalid={Boolean(queryError)}
          describedBy={queryError ? errorId : undefined}
        />
        <select
          name="range"
          defaultValue={search.range ?? ""}
          aria-label={t("events.range")}
          className="vg-input w-auto"
          data-testid="time-range"
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
        <button type="button" className="vg-btn" onClick={() => onApply({})}>
          {t("common.clear")}
        </button>
        <button
          type="button"
          className="vg-btn md:hidden"
          aria-expanded={unfolded}
          aria-controls={fieldsId}
          onClick={() => setUnfolded(!unfolded)}
          data-testid="filters-toggle"
        >
          {active ? t("events.filtersCount", { count: active }) : t("events.filtersButton")}
        </button>
      </div>
      {queryError && search.q && <QueryErrorLine id={errorId} q={search.q} error={queryError} />}
      <div
        id={fieldsId}
        className={`${unfolded ? "grid" : "hidden"} grid-cols-2 gap-2 md:grid md:grid-cols-4 xl:grid-cols-6`}
      >
        {LOG_FILTER_KEYS.map((key) => (
          <FilterInput
            key={key}
            name={key}
            value={search[key]}
            label={t(`events.filter.${key}` as MessageKey)}
          />
        ))}
      </div>
    </form>
  );
}

function FilterInput({ name, value, label }: { name: FilterKey; value: string | undefined; label: string }) {
  const t = useT();
  const choices = CHOICES[name];
  const common = { name, "aria-label": label, className: "vg-input w-full" };
  if (choices)
    return (
      <select {...common} defaultValue={value ?? ""}>
        <option value="">{t("common.filterAll", { label })}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {name === "source_type"
              ? c
              : t(`${name === "severity" ? "severity" : "status"}.${c}` as MessageKey)}
          </option>
        ))}
      </select>
    );
  if (TIME_KEYS.has(name))
    return <DateTimeInput name={name} label={label} value={value} className="max-md:col-span-2" />;
  return <input {...common} defaultValue={value ?? ""} placeholder={label} />;
}

/** The search as typed with the unreadable part underlined, and the server's reason. */
function QueryErrorLine({ id, q, error }: { id: string; q: string; error: QueryError }) {
  const t = useT();
  const at = Math.min(error.position, q.length);
  return (
    <p
      id={id}
      role="alert"
      className="text-[12.5px] text-red-700 dark:text-red-300"
      data-testid="query-error"
    >
      <span className="font-mono">
        {q.slice(0, at)}
        <mark className="rounded-sm bg-red-500/20 text-inherit underline decoration-wavy">
          {q.slice(at, at + 1) || "\u00a0"}
        </mark>
        {q.slice(at + 1)}
      </span>{" "}
      — {t("events.queryError", { message: error.message })}
    </p>
  );
}
