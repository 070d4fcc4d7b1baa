import type { ErrorDetail } from "../../http/errors.ts";
import { firstKeptDay } from "../partitions.ts";

const DAY_MS = 86_400_000;

/**
 * The oldest event time accepted at `now`: the start of the first day that retention still keeps
 * tomorrow. An accepted event therefore stays stored at least 24 hours, never a few minutes until the
 * next hourly retention run (retention drops whole UTC days: docs/adr/0002).
 */
export function oldestAccepted(now: Date, retentionDays: number): Date {
  return new Date(`${firstKeptDay(new Date(now.getTime() + DAY_MS), retentionDays)}T00:00:00.000Z`);
}

/** The refusal of an event dated before `oldest`. */
export function retentionDetail(time: Date, oldest: Date, retentionDays: number): ErrorDetail {
  return {
    field: "timestamp",
    message:
      `${time.toISOString()} is older than the retention window ` +
      `(${retentionDays} days: events before ${oldest.toISOString()} are not kept)`,
    type: "retention",
  };
}
