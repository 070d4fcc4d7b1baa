import { LOG_STREAM_KEYS, type LogEvent, type LogStreamItem } from "@vigie/contracts";

/** The payload of one SSE `event: alert` (CONTRACT §4.1). */
export interface AlertStreamItem {
  id: string;
  rule_name: string | null;
  severity: string | null;
  title: string | null;
  group_value: string | null;
  matched_event_count: number;
  status: string | null;
  site_id: string | null;
  /** Beyond CONTRACT §4.1: who works the alert, when it last changed, and whether it is new or changed. */
  assignee: string | null;
  updated_at: string | null;
  change: AlertChange;
}

/** A new alert, or a change to one (triage by an analyst, or a merged firing). */
export type AlertChange = "raised" | "updated";

/** One message of a live stream, its SSE frame built once for every client. */
export interface StreamMessage {
  /** The SSE `id:`, what a client sends back as `Last-Event-ID`. */
  id: string;
  /** The SSE `event:` name (`log`, `alert`, `case`). */
  event?: string;
  site_id: string | null;
  severity: string | null;
  /** Built on first read: most messages are only kept for resume and never sent. */
  readonly frame: string;
}

/** What a client narrows its stream to (`?site_id=&severity=`). */
export interface StreamFilter {
  site_id?: string;
  severity?: string;
}

/** The `event: log` payload of a stored event. */
export function toLogItem(e: LogEvent): LogStreamItem {
  return Object.fromEntries(LOG_STREAM_KEYS.map((key) => [key, e[key]])) as LogStreamItem;
}

/** The `event: alert` payload, or null for an alert without an id (bus payloads are checked, not trusted). */
export function toAlertItem(
  alert: Record<string, unknown>,
  change: AlertChange = "raised",
): AlertStreamItem | null {
  if (typeof alert.id !== "string" || !alert.id) return null;
  const text = (key: string) => (typeof alert[key] === "string" ? (alert[key] as string) : null);
  const count = alert.matched_event_count;
  return {
    id: alert.id,
    rule_name: text("rule_name"),
    severity: text("severity"),
    title: text("title"),
    group_value: text("group_value"),
    matched_event_count: typeof count === "number" ? count : 0,
    status: text("status"),
    site_id: text("site_id"),
    assignee: text("assignee"),
    updated_at: text("updated_at"),
    change,
  };
}

/** An SSE message for an event; its id is the event's, the same on every node. */
export function logMessage(e: LogEvent): StreamMessage {
  const item = toLogItem(e); // the item, not the whole event, is what the history keeps
  return message(e.id, "log", item, e.site_id, e.severity);
}

/**
 * An SSE message for an alert, or null; an alert is sent again when it changes, so its SSE id is the
 * alert's id with its version (`updated_at`), unique and the same on every node.
 */
export function alertMessage(
  alert: Record<string, unknown>,
  change: AlertChange = "raised",
): StreamMessage | null {
  const item = toAlertItem(alert, change);
  if (!item) return null;
  const version = typeof alert.updated_at === "string" ? alert.updated_at : String(alert.created_at ?? "");
  return message(`${item.id}.${version}`, "alert", item, item.site_id, item.severity);
}

/**
 * An SSE `event: case` for a changed case, sent on the alerts stream (the console's one stream of triage
 * news) as `{id, reference, status, severity, updated_at}`; its id is the case's with its version.
 */
export function caseMessage(caseRow: Record<string, unknown>): StreamMessage | null {
  if (typeof caseRow.id !== "string" || !caseRow.id) return null;
  const text = (key: string) => (typeof caseRow[key] === "string" ? (caseRow[key] as string) : null);
  const item = {
    id: caseRow.id,
    reference: text("reference"),
    status: text("status"),
    severity: text("severity"),
    updated_at: text("updated_at"),
  };
  // No site, no severity: a case passes every client's filter, as it may span sites.
  return message(`case.${item.id}.${item.updated_at ?? ""}`, "case", item, null, null);
}

/** Whether a message passes a client's filter. */
export function passes(message: StreamMessage, filter: StreamFilter): boolean {
  return (
    message.event === "case" ||
    ((!filter.site_id || message.site_id === filter.site_id) &&
      (!filter.severity || message.severity === filter.severity))
  );
}

function message(
  id: string,
  event: string,
  data: unknown,
  site_id: string | null,
  severity: string | null,
): StreamMessage {
  // JSON never contains a raw newline, so one `data:` line carries the whole payload; nor may the id.
  const safeId = id.includes("\r") || id.includes("\n") ? id.replace(/[\r\n]/g, "") : id;
  let frame: string | undefined;
  return {
    id: safeId,
    event,
    site_id,
    severity,
    get frame() {
      frame ??= `id: ${safeId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      return frame;
    },
  };
}
