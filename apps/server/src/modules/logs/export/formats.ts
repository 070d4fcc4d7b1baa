import type { LogEvent } from "@vigie/contracts";

/** How one export format writes its file: an opening, each event, and a closing that may say it was cut. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  head(): string;
  row(event: LogEvent, first: boolean): string;
  /** `truncatedAt`: the row limit when more events matched than were written. */
  tail(truncatedAt: number | null): string;
}

/** The columns of a CSV export, in order; JSON objects (`normalized`, `metadata`) are written as JSON text. */
export const CSV_COLUMNS = [
  "timestamp",
  "site_id",
  "severity",
  "source_type",
  "event_type",
  "status",
  "assigned_to",
  "source_ip",
  "source_port",
  "dest_ip",
  "dest_port",
  "hostname",
  "username",
  "message",
  "mitre_tactic",
  "mitre_technique",
  "normalized",
  "metadata",
  "id",
] as const satisfies readonly (keyof LogEvent)[];

// A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) gets a leading
// quote so it stays text (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: text quoted when needed, formulas neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The export formats by name: a registry, so a new format is one entry. */
export const EXPORT_FORMATS: Record<"csv" | "json" | "ndjson", ExportFormat> = {
  csv: {
    contentType: "text/csv; charset=utf-8",
    extension: "csv",
    head: () => `${CSV_COLUMNS.join(",")}\r\n`,
    row: (e) => `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(",")}\r\n`,
    tail: (cut) =>
      cut === null ? "" : `# export stopped at its limit of ${cut} rows: more events matched\r\n`,
  },
  json: {
    contentType: "application/json; charset=utf-8",
    extension: "json",
    head: () => '{"events":[',
    row: (e, first) => `${first ? "" : ","}\n${JSON.stringify(e)}`,
    tail: (cut) => `\n],"truncated":${cut !== null}${cut === null ? "" : `,"limit":${cut}`}}\n`,
  },
  ndjson: {
    contentType: "application/x-ndjson; charset=utf-8",
    extension: "ndjson",
    head: () => "",
    row: (e) => `${JSON.stringify(e)}\n`,
    tail: (cut) => (cut === null ? "" : `${JSON.stringify({ truncated: true, limit: cut })}\n`),
  },
};
