import { CASE_STATUSES, SEVERITIES } from "@vigie/contracts";
import { z } from "zod";
import { PageQuery } from "../../http/pagination.ts";
import type { CaseFilter } from "./cases.repository.ts";

/** A comma-separated list of known values, each checked. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((text) => [...new Set(text.split(",").map((part) => part.trim()))].filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

/** `GET /api/v1/cases`: filters and a page (docs/CASES.md). */
export const CaseListQuery = PageQuery.extend({
  status: listOf(CASE_STATUSES).optional(),
  severity: listOf(SEVERITIES).optional(),
  assignee: z
    .union([z.enum(["me", "unassigned"]), z.uuid()], { error: "Give me, unassigned or a user id" })
    .optional(),
  q: z.string().trim().max(200).optional(),
  alert_id: z.uuid().optional(),
});

const NOBODY = "00000000-0000-0000-0000-000000000000";

/** The filter of a list request: `assignee=me` is the caller. */
export function caseFilterOf(query: z.output<typeof CaseListQuery>, me: string | undefined): CaseFilter {
  const { status, severity, assignee, q, alert_id } = query;
  return {
    ...(status ? { status } : {}),
    ...(severity ? { severity } : {}),
    ...(assignee === "unassigned"
      ? { assignee }
      : assignee
        ? { assignee: { id: assignee === "me" ? (me ?? NOBODY) : assignee } }
        : {}),
    ...(q ? { q } : {}),
    ...(alert_id ? { alert_id } : {}),
  };
}

export const CaseParams = z.object({ id: z.string().max(64) });
export const CaseAlertParams = CaseParams.extend({ alert_id: z.string().max(64) });
export const CaseEventParams = CaseParams.extend({ event_id: z.string().max(64) });
export const CaseTaskParams = CaseParams.extend({ task_id: z.string().max(64) });
export const CaseObservableParams = CaseParams.extend({ observable_id: z.string().max(64) });
