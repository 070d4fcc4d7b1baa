import type { ErrorDetail } from "../../http/errors.ts";
import type { EventRow } from "../event-row.ts";
import type { IngestContext } from "../sink.ts";
import type { KnownSites } from "./known-sites.ts";
import { oldestAccepted } from "./retention-window.ts";
import { shown } from "./shown.ts";

/** What an operator decides about input (docs/INGEST-POLICY.md). */
export interface PolicySettings {
  /** `refuse` (default): a record naming an unregistered site is refused; `accept`: stored, the site shows as unregistered. */
  unknownSites: "refuse" | "accept";
  /** VIGIE_RETENTION_DAYS: events older than the window are refused, never stored then dropped. */
  retentionDays: number;
}

/** The limits `prepareEvent` checks on each record of one submission. */
export interface RecordLimits {
  oldestAccepted: Date;
  retentionDays: number;
}

/**
 * The input policy of every ingest path: the limits checked while preparing each record, and the site
 * check, which needs the database and so runs once per submission for its distinct site ids.
 */
export class InputPolicy {
  constructor(
    private readonly settings: PolicySettings,
    private readonly sites: KnownSites,
  ) {}

  /** The limits of records submitted at `now`. */
  limitsAt(now: Date): RecordLimits {
    return {
      oldestAccepted: oldestAccepted(now, this.settings.retentionDays),
      retentionDays: this.settings.retentionDays,
    };
  }

  /**
   * The refusal of each row whose site is not registered, by the row's index. Syslog lines are never
   * refused (`ctx.deviceLines`: nobody could be told), and `accept` keeps every row.
   */
  async siteRefusals(
    rows: { index: number; row: EventRow }[],
    ctx: IngestContext,
  ): Promise<Map<number, ErrorDetail>> {
    const refusals = new Map<number, ErrorDetail>();
    if (this.settings.unknownSites === "accept" || ctx.deviceLines) return refusals;
    const ids = rows.flatMap(({ row }) => (row.site_id === null ? [] : [row.site_id]));
    if (!ids.length) return refusals;
    const unknown = await this.sites.unknown(ids);
    if (!unknown.size) return refusals;
    for (const { index, row } of rows) {
      if (row.site_id !== null && unknown.has(row.site_id))
        refusals.set(index, unknownSiteDetail(row.site_id));
    }
    return refusals;
  }
}

/** The refusal of a record naming an unregistered site. */
export function unknownSiteDetail(siteId: string): ErrorDetail {
  return {
    field: "site_id",
    message: `${shown(siteId)} is not a registered site`,
    type: "unknown_site",
  };
}

/** A refusal as the batch answers and dead letters give it: `field: message`. */
export function refusalText(detail: ErrorDetail): string {
  return `${detail.field}: ${detail.message}`;
}
