import type { LogEvent, Rule } from "@vigie/contracts";
import { type GroupSpec, groupOf } from "../../detection/match.ts";
import type { Firing } from "../../detection/types.ts";
import { INDICATOR_KEYS, tagWithIndicator } from "../../ingest/enrich/indicator-enricher.ts";
import type { Database } from "../../platform/db/database.ts";
import { type IndicatorHit, IndicatorIndex } from "./indicator-index.ts";

/** The rule whose alerts the look-back raises (the default "indicator match" rule, by its unique name). */
export const INDICATOR_RULE_NAME = "Threat Indicator Match";
/** Stored events one look-back reads at most (the newest days beyond it are not searched). */
export const LOOK_BACK_MAX_EVENTS = 1_000_000;
const PAGE = 2_000;

/** What a look-back did, for the import's answer. */
export interface LookBackReport {
  days: number;
  events_scanned: number;
  events_matched: number;
  alerts: number;
  /** Why nothing was searched, when nothing was (no new indicators, rule disabled or deleted, days 0). */
  skipped?: string;
}

/** What the look-back reads and raises through. */
export interface LookBackDeps {
  db: Database;
  rules: { list(): Promise<Rule[]> };
  alerts: {
    raiseFirings(firings: readonly Firing[], ruleOf: (id: string) => Rule | undefined): Promise<unknown[]>;
  };
}

type StoredRow = Pick<LogEvent, "id" | "site_id" | "source_ip" | "dest_ip" | "normalized"> & {
  timestamp: Date;
};

/**
 * Searches the stored events of the last `days` (received before `until`, so events the live matcher
 * already saw after the import are not counted twice) for indicators an import ADDED, and raises the
 * indicator rule's alerts for them. Only added indicators are searched: a re-import adds none, so each
 * indicator's look-back runs once. Events already tagged with the same value were alerted at ingest.
 */
export async function lookBack(
  deps: LookBackDeps,
  added: readonly IndicatorHit[],
  days: number,
  until: Date,
): Promise<LookBackReport> {
  const report: LookBackReport = { days, events_scanned: 0, events_matched: 0, alerts: 0 };
  if (days === 0) return { ...report, skipped: "look-back is off (VIGIE_INDICATOR_LOOKBACK_DAYS=0)" };
  if (!added.length) return { ...report, skipped: "no new indicators" };
  const rule = (await deps.rules.list()).find(
    (r) => r.enabled && r.name.toLowerCase() === INDICATOR_RULE_NAME.toLowerCase(),
  );
  if (!rule) return { ...report, skipped: `the rule "${INDICATOR_RULE_NAME}" is disabled or deleted` };
  // Its firings are built here as a first-match rule's: another rule type would not fire on one event.
  if (rule.rule_type !== "threshold")
    return { ...report, skipped: `the rule "${INDICATOR_RULE_NAME}" is no longer a threshold rule` };
  const index = new IndicatorIndex(added);
  const firings: Firing[] = [];
  const since = new Date(until.getTime() - days * 86_400_000);
  let after: { ts: Date; id: string } | null = null;
  while (report.events_scanned < LOOK_BACK_MAX_EVENTS) {
    const rows = await page(deps.db, since, until, after);
    if (!rows.length) break;
    report.events_scanned += rows.length;
    for (const row of rows) {
      const firing = firingOf(rule, index, row);
      if (firing) firings.push(firing);
    }
    const last = rows[rows.length - 1]!;
    after = { ts: last.timestamp, id: last.id };
  }
  report.events_matched = firings.length;
  if (firings.length)
    report.alerts = (
      await deps.alerts.raiseFirings(firings, (id) => (id === rule.id ? rule : undefined))
    ).length;
  return report;
}

async function page(db: Database, since: Date, until: Date, after: { ts: Date; id: string } | null) {
  const params: unknown[] = [since, until];
  const keyset = after
    ? `AND ("timestamp", id) > ($${params.push(after.ts)}, $${params.push(after.id)})`
    : "";
  const { rows } = await db.pool.query(
    `SELECT id, "timestamp", site_id, source_ip, dest_ip, normalized
     FROM events WHERE "timestamp" >= $1 AND received_at <= $2 ${keyset}
     ORDER BY "timestamp", id LIMIT ${PAGE}`,
    params,
  );
  return rows as StoredRow[];
}

function firingOf(rule: Rule, index: IndicatorIndex, row: StoredRow): Firing | null {
  const match = index.match(row);
  if (!match || row.normalized?.[INDICATOR_KEYS.value] === match.value) return null;
  const normalized = { ...row.normalized };
  tagWithIndicator(normalized, match);
  const conditions = rule.conditions as unknown as GroupSpec;
  const event = { ...row, normalized, timestamp: row.timestamp.toISOString() } as unknown as LogEvent;
  const group = groupOf(event as never, {
    group_by: conditions.group_by,
    across_sites: conditions.across_sites,
  });
  if (!group) return null;
  return {
    rule_id: rule.id,
    group_value: group.value,
    group_fields: group.fields,
    matched_event_ids: [row.id],
    matched_event_count: 1,
    event_time: event.timestamp,
    site_id: row.site_id ?? null,
  };
}
