import { useFormat, useT } from "../i18n/index.ts";
import { DATE_TIME_INPUT_PATTERN, fromDateTimeInput, toDateTimeInput } from "../i18n/time-zone.ts";

/**
 * What every typed absolute time shares: the input's attributes (day first, `dd/mm/yyyy hh:mm`), the zone's
 * short name to show beside it, and `read`, which turns the text into ISO UTC in the user's zone ("" when
 * blank, the text itself when it is not a date, so the API names the field).
 */
export function useDateTimeText() {
  const t = useT();
  const fmt = useFormat();
  return {
    inputProps: {
      inputMode: "numeric",
      pattern: DATE_TIME_INPUT_PATTERN,
      placeholder: t("time.inputPlaceholder"),
      title: t("time.inputHint"),
    } as const,
    zone: fmt.zone,
    zoneLabel: fmt.zoneLabel(),
    read: (text: string) => fromDateTimeInput(text, fmt.zone) ?? text.trim(),
    show: (iso: string | undefined) => toDateTimeInput(iso, fmt.zone),
  };
}

/**
 * A labelled absolute time typed day first (`21/11/2026 09:37`, in both languages) in the user's zone, whose short
 * name is shown beside it. Uncontrolled: its form reads it back with `fromDateTimeInput(value, zone)`.
 */
export function DateTimeInput({
  name,
  label,
  value,
  className = "",
}: {
  name: string;
  label: string;
  /** ISO UTC, or undefined for none. */
  value: string | undefined;
  className?: string;
}) {
  const field = useDateTimeText();
  return (
    <span className={`flex min-w-0 items-center gap-1 ${className}`}>
      {/* The visible word says which end of a range it is; the zone is named beside the field. */}
      <label className="flex min-w-0 flex-1 items-center gap-1.5">
        <span className="shrink-0 text-[12px] text-muted">{label}</span>
        <input
          name={name}
          aria-label={`${label} (${field.zoneLabel})`}
          className="vg-input min-w-0 flex-1 px-1 text-[12px] tabular-nums"
          {...field.inputProps}
          defaultValue={field.show(value)}
          data-testid={`time-${name}`}
        />
      </label>
      <span className="shrink-0 text-[10.5px] text-muted" data-testid="time-zone-label">
        {field.zoneLabel}
      </span>
    </span>
  );
}
