import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { type LogFilters, useTopValues } from "../../api/logs.ts";
import { IconButton } from "../../components/IconButton.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { fieldDescription } from "./fieldInfo.ts";

/** Include (`field:"value"`) or exclude (`NOT field:"value"`) a value: the page edits `q`. */
export type OnFieldValue = (field: string, value: string, exclude: boolean) => void;

/**
 * Whether the field panel shows: from the start on a wide screen (1280 px and more), where the table keeps
 * its room; on demand below (beside the table from 768 px, over it on a phone).
 */
export function useFieldPanel() {
  const [open, setOpen] = useState(() => window.matchMedia?.("(min-width: 1280px)").matches ?? true);
  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  return { open, toggle, close };
}

/**
 * The left-hand field list of the events table, as in Kibana's Discover: the search fields and the keys seen
 * in this page; opening one shows its top values for the current search, each with include and exclude.
 * Beside the table from 768 px; below, an overlay over it.
 */
export function FieldPanel({
  fields,
  seen,
  filters,
  onValue,
  onClose,
}: {
  fields: string[];
  seen: string[];
  filters: LogFilters;
  onValue: OnFieldValue;
  onClose: () => void;
}) {
  const t = useT();
  const [filter, setFilter] = useState("");
  const [open, setOpen] = useState<string | undefined>();
  const matching = (names: string[]) => names.filter((n) => n.toLowerCase().includes(filter.toLowerCase()));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && window.innerWidth < 768 && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const groups = [
    { title: t("events.fieldsPanel.registry"), names: matching(fields) },
    { title: t("events.fieldsPanel.seen"), names: matching(seen) },
  ];
  return (
    <>
      <button
        type="button"
        tabIndex={-1}
        aria-label={t("events.fieldsPanel.hide")}
        className="fixed inset-0 z-30 bg-black/40 md:hidden"
        onClick={onClose}
      />
      <aside
        aria-label={t("events.fieldsPanel")}
        data-testid="field-panel"
        className="flex min-h-0 w-64 shrink-0 flex-col border-r border-line bg-panel max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:z-40 max-md:w-[85vw] max-md:max-w-80 max-md:shadow-2xl"
      >
        <div className="flex items-center gap-2 border-b border-line p-2">
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t("events.fieldsPanel.filter")}
            aria-label={t("events.fieldsPanel.filter")}
            className="vg-input min-w-0 flex-1 text-[12.5px]"
            data-testid="field-filter"
          />
          <button type="button" className="vg-btn md:hidden" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-auto py-1">
          {groups.map(
            (group) =>
              group.names.length > 0 && (
                <section key={group.title} aria-label={group.title}>
                  <h2 className="px-3 pt-2 pb-1 text-[11px] font-semibold uppercase tracking-wide text-muted">
                    {group.title}
                  </h2>
                  <ul>
                    {group.names.map((name) => (
                      <FieldEntry
                        key={name}
                        name={name}
                        open={open === name}
                        onToggle={() => setOpen(open === name ? undefined : name)}
                        filters={filters}
                        onValue={onValue}
                      />
                    ))}
                  </ul>
                </section>
              ),
          )}
        </div>
      </aside>
    </>
  );
}

/** One field: its name (a disclosure button) and, once opened, its top values. */
function FieldEntry({
  name,
  open,
  onToggle,
  filters,
  onValue,
}: {
  name: string;
  open: boolean;
  onToggle: () => void;
  filters: LogFilters;
  onValue: OnFieldValue;
}) {
  const t = useT();
  const valuesId = useId();
  return (
    <li>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? valuesId : undefined}
        onClick={onToggle}
        title={fieldDescription(t, name)}
        className="flex w-full items-center gap-1.5 px-3 py-1 text-left font-mono text-[12px] hover:bg-raised"
        data-testid={`field-${name}`}
      >
        <span aria-hidden="true" className="w-3 text-muted">
          {open ? "▾" : "▸"}
        </span>
        <span className="truncate">{name}</span>
      </button>
      {open && <TopValuesList id={valuesId} field={name} filters={filters} onValue={onValue} />}
    </li>
  );
}

/** The top values of a field with a bar each (its share of the events looked at), include and exclude. */
function TopValuesList({
  id,
  field,
  filters,
  onValue,
}: {
  id: string;
  field: string;
  filters: LogFilters;
  onValue: OnFieldValue;
}) {
  const t = useT();
  const fmt = useFormat();
  const top = useTopValues(field, filters);
  const data = top.data;
  const summary = useMemo(
    () =>
      data &&
      (data.sampled
        ? t("events.fieldsPanel.sampled", { size: data.sample_size })
        : t("events.fieldsPanel.of", {
            count: data.values.reduce((n, v) => n + v.count, 0),
            events: data.events,
          })),
    [data, t],
  );
  if (top.isPending) return <p className="px-3 py-1 text-[12px] text-muted">…</p>;
  if (top.error || !data)
    return (
      <p className="px-3 py-1 text-[12px] text-red-700 dark:text-red-300">{t("events.fieldsPanel.failed")}</p>
    );
  return (
    <div
      id={id}
      className="mx-2 mb-2 rounded-md border border-line bg-canvas/60 p-2"
      data-testid="top-values"
    >
      {data.values.length === 0 ? (
        <p className="text-[12px] text-muted">{t("events.fieldsPanel.none")}</p>
      ) : (
        <ul className="flex flex-col gap-1.5">
          {data.values.map((v) => {
            const share = data.events ? (v.count / data.events) * 100 : 0;
            return (
              <li key={v.value} className="text-[12px]" data-testid="top-value">
                <div className="flex items-center gap-1">
                  <span className="min-w-0 flex-1 truncate font-mono" title={v.value}>
                    {v.value}
                  </span>
                  <span className="tabular-nums text-muted">{fmt.number(v.count)}</span>
                  <IconButton
                    label={t("events.fieldsPanel.include", { field, value: v.value })}
                    onClick={() => onValue(field, v.value, false)}
                    testId="include-value"
                  >
                    +
                  </IconButton>
                  <IconButton
                    label={t("events.fieldsPanel.exclude", { field, value: v.value })}
                    onClick={() => onValue(field, v.value, true)}
                    testId="exclude-value"
                  >
                    −
                  </IconButton>
                </div>
                <div className="mt-0.5 h-1 rounded-full bg-line" aria-hidden="true">
                  <div className="h-1 rounded-full bg-accent" style={{ width: `${Math.max(share, 1)}%` }} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-2 text-[11px] text-muted">{summary}</p>
    </div>
  );
}
