import type { Alert } from "../../api/types.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { type PivotField, pivotQuery } from "../events/eventColumns.tsx";

/** The kinds of entity an alert records (`host:…`, `ip:…`, `user:…`) and the event field each pivots on. */
const ENTITY_FIELDS: Record<string, PivotField> = { host: "hostname", ip: "ip", user: "username" };
const DAY_MS = 86_400_000;

/** An entity split into its kind and value, or null for a kind the console does not know. */
export function parseEntity(entity: string): { kind: string; field: PivotField; value: string } | null {
  const at = entity.indexOf(":");
  const kind = entity.slice(0, at);
  const field = ENTITY_FIELDS[kind];
  return at > 0 && field ? { kind, field, value: entity.slice(at + 1) } : null;
}

/**
 * The Events search of a pivot from an alert: every event with that host, address or user over the 24 hours
 * up to the alert's last activity (the moving "last 24 hours" while the alert is recent), within the site the
 * alerts list is narrowed to, if any.
 */
export function pivotSearch(
  entity: string,
  alert: Pick<Alert, "last_seen" | "created_at">,
  site: string | undefined,
  now = Date.now(),
): EventsSearch | null {
  const parsed = parseEntity(entity);
  if (!parsed) return null;
  const last = new Date(alert.last_seen ?? alert.created_at).getTime();
  const window =
    now - last < DAY_MS
      ? { range: "24h" }
      : { from: new Date(last - DAY_MS).toISOString(), to: new Date(last + 60_000).toISOString() };
  return { q: pivotQuery(parsed.field, parsed.value), ...window, ...(site ? { site_id: site } : {}) };
}
