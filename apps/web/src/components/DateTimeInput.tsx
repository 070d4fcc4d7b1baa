import { useFormat, useT } from "../i18n/index.ts";
import { DATE_TIME_INPUT_PATTERN, toDateTimeInput } from "../i18n/time-zone.ts";

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
  const t = useT();
  const fmt = useFormat();
  return (
    <span className={`flex min-w-0 items-center gap-1 ${className}`}>
      {/* The visible word says which end of a range it is; the zone is named beside the field. */}
      <label className="flex min-w-0 flex-1 items-center gap-1.5">
        <span className="shrink-0 text-[12px] text-muted">{label}</span>
        <input
          name={name}
          aria-label={`${label} (${fmt.zoneLabel()})`}
          className="vg-input min-w-0 flex-1 px-1 text-[12px] tabular-nums"
          inputMode="numeric"
          pattern={DATE_TIME_INPUT_PATTERN}
          placeholder={t("time.inputPlaceholder")}
          title={t("time.inputHint")}
          defaultValue={toDateTimeInput(value, fmt.zone)}
          data-testid={`time-${name}`}
        />
      </label>
      <span className="shrink-0 text-[10.5px] text-muted" data-testid="time-zone-label">
        {fmt.zoneLabel()}
      </span>
    </span>
  );
}
