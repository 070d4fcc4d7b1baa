import type { ObservableKind } from "@vigie/contracts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import type { LinkedAlert, NewObservable } from "./case-items.repository.ts";

/** The alert entity prefixes (docs/ALERTS.md `entities`) and the observable kind each one is. */
const ENTITY_KINDS: Record<string, ObservableKind> = { host: "host", ip: "ip", user: "user" };

/** File hashes: MD5, SHA-1, SHA-256 (hex), as whole words. */
const HASH = /\b(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b/gi;
/** The event fields whose values may hold hashes (Sysmon's `Hashes`, EDR `sha256`, `file.hash.*`…). */
const HASH_KEYS = /(^|[._])(hashes?|md5|sha1|sha256|imphash)$/i;
/** At most this many events per alert are read for hashes (the alert's newest). */
const EVENTS_PER_ALERT = 50;

/** The hosts, addresses and users of the alerts (their entities), each with the first alert that names it. */
export function entityObservables(alerts: LinkedAlert[]): NewObservable[] {
  return alerts.flatMap((alert) =>
    alert.entities.flatMap((entity) => {
      const colon = entity.indexOf(":");
      const kind = ENTITY_KINDS[entity.slice(0, colon)];
      const value = entity.slice(colon + 1).trim();
      return kind && value ? [{ kind, value, alert_id: alert.id }] : [];
    }),
  );
}

/** Hash values found in one JSON object's hash-named keys, lower case. */
function hashesIn(document: unknown): string[] {
  if (!document || typeof document !== "object") return [];
  return Object.entries(document as Record<string, unknown>).flatMap(([key, value]) =>
    HASH_KEYS.test(key) && typeof value === "string"
      ? (value.match(HASH) ?? []).map((h) => h.toLowerCase())
      : [],
  );
}

/** The file hashes the alerts' newest matched events carry in `normalized` or `metadata`. */
export async function hashObservables(
  executor: SqlExecutor,
  alerts: LinkedAlert[],
): Promise<NewObservable[]> {
  const found: NewObservable[] = [];
  for (const alert of alerts) {
    const ids = alert.matched_event_ids.slice(-EVENTS_PER_ALERT);
    if (!ids.length) continue;
    const { rows } = await executor.query(
      "SELECT id, normalized, metadata FROM events WHERE id = ANY($1::uuid[])",
      [ids],
    );
    for (const row of rows as { id: string; normalized: unknown; metadata: unknown }[])
      for (const value of [...hashesIn(row.normalized), ...hashesIn(row.metadata)])
        found.push({ kind: "hash", value, alert_id: alert.id, event_id: row.id });
  }
  return found;
}

/** The observables of many sources, each kind and value once (the first source kept). */
export function distinctObservables(observables: NewObservable[]): NewObservable[] {
  const seen = new Set<string>();
  return observables.filter((o) => {
    const key = `${o.kind}\u0000${o.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
