import { useState } from "react";
import { downloadApiFile } from "../../api/download.ts";
import { type LogFilters, withTimeRange } from "../../api/logs.ts";
import { useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";

const FORMATS = ["csv", "json", "ndjson"] as const;

/** Downloads the current search as a file (supervisor+): the server streams it, the browser saves it. */
function download(format: (typeof FORMATS)[number], filters: LogFilters): Promise<void> {
  const { page: _page, per_page: _perPage, sort: _sort, order: _order, ...rest } = withTimeRange(filters);
  return downloadApiFile("/logs/export", { ...rest, format }, `vigie-events.${format}`);
}

/** "Export" with a choice of format, shown to supervisors and admins (CONTRACT §9). */
export function ExportMenu({ filters }: { filters: LogFilters }) {
  const t = useT();
  const role = useRole();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!hasRole(role, "supervisor")) return null;
  const run = async (format: (typeof FORMATS)[number]) => {
    setBusy(true);
    setFailed(false);
    try {
      await download(format, filters);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{t("events.export")}</legend>
      <span aria-hidden="true" className="text-[12px] text-muted max-sm:sr-only">
        {t("events.export")}
      </span>
      {FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="vg-btn px-2 uppercase"
          disabled={busy}
          onClick={() => void run(format)}
          data-testid={`export-${format}`}
        >
          {format}
        </button>
      ))}
      {failed && (
        <span role="alert" className="text-[12px] text-red-700 dark:text-red-300">
          {t("events.exportFailed")}
        </span>
      )}
    </fieldset>
  );
}
