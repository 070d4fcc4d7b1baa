import type { CaseDetail } from "@vigie/contracts";

/**
 * The report's own policy: nothing loads, nothing runs; only style attributes. The report has no `<style>`
 * element, so it also renders when the console opens it as a blob, which inherits the console's policy.
 */
export const REPORT_POLICY =
  "default-src 'none'; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const STYLE = {
  body: "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.4",
  h2: "font-size:1.05rem;border-bottom:1px solid #999;padding-bottom:.2rem;margin-top:1.6rem",
  table: "border-collapse:collapse;width:100%;font-size:.85rem",
  th: "text-align:left;border-bottom:1px solid #666;padding:.25rem .4rem",
  td: "border-bottom:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;word-break:break-word",
  meta: "color:#444;font-size:.85rem",
  pre: "white-space:pre-wrap;font-family:inherit;margin:0",
};

/** An enum value as words: `true_positive` → `true positive`. */
const words = (value: string | null) => escapeHtml((value ?? "—").replace(/_/g, " "));

/** A time as the reader's clock shows it: `2026-12-04 19:05:12 GMT+1` in their zone (UTC when they chose none). */
type When = (iso: string | null) => string;

function timesIn(timeZone: string | null): When {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone: timeZone ?? "UTC",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  });
  return (iso) => (iso ? escapeHtml(format.format(new Date(iso))) : "—");
}

function table(headers: string[], rows: unknown[][]): string {
  if (!rows.length) return `<p style="${STYLE.meta}">None.</p>`;
  const head = headers.map((h) => `<th style="${STYLE.th}">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td style="${STYLE.td}">${cell}</td>`).join("")}</tr>`)
    .join("");
  const thead = headers.some(Boolean) ? `<thead><tr>${head}</tr></thead>` : "";
  return `<table style="${STYLE.table}">${thead}<tbody>${body}</tbody></table>`;
}

/** What one timeline entry says, escaped. */
function entryText(entry: CaseDetail["timeline"][number], when: When): string {
  const text = `<pre style="${STYLE.pre}">${escapeHtml(entry.text)}</pre>`;
  const say: Record<typeof entry.kind, () => string> = {
    created: () => "Case created",
    alert: () => `Alert linked (${escapeHtml(entry.to)}): ${text}`,
    event: () => `Event pinned (${when(entry.event_time)}): ${text}`,
    note: () => `Note: ${text}`,
    change: () =>
      `${escapeHtml(entry.text)}: ${escapeHtml(entry.from ?? "—")} → ${escapeHtml(entry.to ?? "—")}`,
  };
  return say[entry.kind]();
}

/**
 * A self-contained, printable HTML report of a case: every value escaped, no script, no external resource;
 * times in the reader's time zone (their preference; UTC when they have none, as the server cannot know the
 * browser's).
 */
export function caseReport(
  c: CaseDetail,
  generatedAt: Date,
  reader: { username: string; timeZone: string | null } | null,
): string {
  const when = timesIn(reader?.timeZone ?? null);
  const facts: [string, string][] = [
    ["Severity", words(c.severity)],
    ["Status", words(c.status)],
    ["Closing reason", words(c.closing_reason)],
    ["Assignee", escapeHtml(c.assignee ?? "—")],
    ["Created", `${when(c.created_at)} by ${escapeHtml(c.created_by ?? "—")}`],
    ["Closed", when(c.closed_at)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(c.reference)} — ${escapeHtml(c.title)}</title></head>
<body style="${STYLE.body}">
<p style="${STYLE.meta}">Vigie case report · generated ${when(generatedAt.toISOString())}${reader ? ` by ${escapeHtml(reader.username)}` : ""}</p>
<h1 style="font-size:1.5rem;margin:.2rem 0 1rem">${escapeHtml(c.reference)} — ${escapeHtml(c.title)}</h1>
${table(
  ["", ""],
  facts.map(([k, v]) => [`<strong style="white-space:nowrap">${escapeHtml(k)}</strong>`, v]),
)}
<h2 style="${STYLE.h2}">Description</h2>
${c.description ? `<pre style="${STYLE.pre}">${escapeHtml(c.description)}</pre>` : `<p style="${STYLE.meta}">None.</p>`}
<h2 style="${STYLE.h2}">Alerts (${c.alerts.length})</h2>
${table(
  ["Title", "Severity", "Status", "Site", "Last seen"],
  c.alerts.map((a) => [
    escapeHtml(a.title),
    escapeHtml(a.severity),
    escapeHtml(a.status),
    escapeHtml(a.site_id ?? "—"),
    when(a.last_seen),
  ]),
)}
<h2 style="${STYLE.h2}">Observables (${c.observables.length})</h2>
${table(
  ["Kind", "Value", "Added by"],
  c.observables.map((o) => [
    escapeHtml(o.kind),
    `<code>${escapeHtml(o.value)}</code>`,
    escapeHtml(o.added_by ?? "—"),
  ]),
)}
<h2 style="${STYLE.h2}">Tasks (${c.tasks.filter((t) => t.done).length}/${c.tasks.length} done)</h2>
${table(
  ["", "Task", "Done by"],
  c.tasks.map((t) => [
    t.done ? "☑" : "☐",
    escapeHtml(t.title),
    t.done ? `${escapeHtml(t.done_by ?? "—")}, ${when(t.done_at)}` : "",
  ]),
)}
<h2 style="${STYLE.h2}">Pinned events (${c.events.length})</h2>
${table(
  ["Time", "Site", "Host", "Message", "Id"],
  c.events.map((e) => [
    when(e.timestamp),
    escapeHtml(e.site_id ?? "—"),
    escapeHtml(e.hostname ?? "—"),
    escapeHtml(e.message ?? "(no longer stored)"),
    `<code>${escapeHtml(e.id)}</code>`,
  ]),
)}
<h2 style="${STYLE.h2}">Timeline</h2>
${table(
  ["When", "Who", "What"],
  c.timeline.map((t) => [when(t.at), escapeHtml(t.by ?? "—"), entryText(t, when)]),
)}
</body></html>
`;
}
