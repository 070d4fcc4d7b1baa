import { useMemo } from "react";
import { useUpdatePreferences } from "../../api/auth.ts";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../components/Field.tsx";
import { formatDateTime, useFormat, useT } from "../../i18n/index.ts";
import { browserTimeZone, knownTimeZones } from "../../i18n/time-zone.ts";
import { useAuthStore } from "../../stores/auth.ts";

/** The zone every date is shown and typed in, saved with the user (empty: the browser's own). */
export function TimeZoneSetting() {
  const t = useT();
  const fmt = useFormat();
  const saved = useAuthStore((s) => s.user?.time_zone ?? "");
  const update = useUpdatePreferences();
  const zones = useMemo(knownTimeZones, []);
  const now = useMemo(() => new Date().toISOString(), []);
  const error = update.error instanceof ApiError ? update.error.fieldErrors().time_zone : undefined;
  return (
    <Field
      label={t("prefs.timeZone")}
      error={error}
      hint={t("prefs.timeZoneNow", {
        time: formatDateTime(now, fmt.locale, fmt.zone),
        zone: fmt.zoneLabel(),
      })}
    >
      {(p) => (
        <select
          {...p}
          className="vg-input"
          value={saved}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ time_zone: e.target.value || null })}
          data-testid="time-zone-select"
        >
          <option value="">{t("prefs.timeZoneBrowser", { zone: browserTimeZone() })}</option>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
