import { ApiError } from "../../api/client.ts";
import { useDateTimeText } from "../../components/DateTimeInput.tsx";
import { Field } from "../../components/Field.tsx";
import { useT } from "../../i18n/index.ts";

/** The reason and expiry an exception is written with, in both of its forms. */
export interface ReasonAndExpiry {
  reason: string;
  /** The expiry as typed (`dd/mm/yyyy hh:mm` in the user's zone), "" for none. */
  expires: string;
}

/** The expiry as the API takes it: an ISO instant (`read` of `useDateTimeText`), or null for none. */
export const expiryOf = (typed: string, read: (text: string) => string) => read(typed) || null;

/** The API's messages for fields under `prefix` (`condition`, `condition.any.0.op`), one per line. */
export function errorsUnder(error: unknown, prefix: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const lines = Object.entries(error.fieldErrors())
    .filter(([field]) => field === prefix || field.startsWith(`${prefix}.`))
    .map(([field, message]) => (field === prefix ? message : `${field}: ${message}`));
  return lines.length ? lines.join("\n") : undefined;
}

/** The reason (required) and optional expiry inputs, with the API's messages under them. */
export function ReasonAndExpiryFields({
  value,
  onChange,
  error,
}: {
  value: ReasonAndExpiry;
  onChange: (value: ReasonAndExpiry) => void;
  error: unknown;
}) {
  const t = useT();
  const time = useDateTimeText();
  return (
    <div className="grid gap-2 sm:grid-cols-[1fr_14rem]">
      <Field label={t("rules.exception.reason")} error={errorsUnder(error, "reason")}>
        {(props) => (
          <input
            {...props}
            className="vg-input"
            required
            value={value.reason}
            data-testid="exception-reason"
            onChange={(e) => onChange({ ...value, reason: e.target.value })}
          />
        )}
      </Field>
      <Field
        label={`${t("rules.exception.expiresAt")} (${time.zoneLabel})`}
        error={errorsUnder(error, "expires_at")}
      >
        {(props) => (
          <input
            {...props}
            {...time.inputProps}
            className="vg-input tabular-nums"
            value={value.expires}
            data-testid="exception-expires"
            onChange={(e) => onChange({ ...value, expires: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
