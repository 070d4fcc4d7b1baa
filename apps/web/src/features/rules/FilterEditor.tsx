import { EVENT_FILTER_FIELDS } from "@vigie/contracts";
import { useId } from "react";
import { useT } from "../../i18n/index.ts";
import type { FilterRow } from "./ruleForm.ts";

/** Field names offered while typing; any `normalized.<key>` or `metadata.<key>` is accepted too. */
export const FIELD_SUGGESTIONS = [
  ...EVENT_FILTER_FIELDS,
  "normalized.action",
  "normalized.result",
  "normalized.service",
  "normalized.query_type",
  "normalized.signature_name",
  "normalized.process_name",
];

/** A datalist of event field names, rendered once per form. */
export function FieldSuggestions({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {FIELD_SUGGESTIONS.map((f) => (
        <option key={f} value={f} />
      ))}
    </datalist>
  );
}

/** Rows of `field = value` that all must match; an empty list matches every event. */
export function FilterEditor({
  rows,
  onChange,
  error,
  listId,
  label,
}: {
  rows: FilterRow[];
  onChange: (rows: FilterRow[]) => void;
  error?: string;
  listId: string;
  label: string;
}) {
  const t = useT();
  const id = useId();
  const update = (i: number, patch: Partial<FilterRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={error ? `${id}-err` : undefined}>
      <legend className="vg-label mb-1">{label}</legend>
      {rows.length === 0 && <p className="text-[12px] text-muted">{t("rules.filterMatchesAll")}</p>}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
        <div key={i} className="flex items-center gap-1.5">
          <input
            className="vg-input w-48 font-mono"
            list={listId}
            value={row.field}
            aria-label={t("rules.filterField")}
            placeholder="event_type"
            onChange={(e) => update(i, { field: e.target.value })}
          />
          <span className="text-muted">=</span>
          <input
            className="vg-input flex-1 font-mono"
            value={row.value}
            aria-label={t("rules.filterValue")}
            placeholder="login_failure"
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="vg-btn"
            aria-label={t("rules.removeFilter")}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="vg-btn"
          onClick={() => onChange([...rows, { field: "", value: "" }])}
        >
          {t("rules.addFilter")}
        </button>
      </div>
      {error && (
        <p
          id={`${id}-err`}
          role="alert"
          data-testid="field-error"
          className="text-[12px] text-red-600 dark:text-red-400"
        >
          {error}
        </p>
      )}
    </fieldset>
  );
}
