import { ALERT_STATUSES, SEVERITIES } from "@vigie/contracts";
import { z } from "zod";
import { PageQuery } from "../../http/pagination.ts";
import { ALERT_SORTS, type AlertFilter } from "./alert-filter.ts";
import { MAX_BULK_ALERTS } from "./alert-triage.service.ts";

/** A comma-separated list of known values (`status=new,acknowledged`), each checked. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((text) => [...new Set(text.split(",").map((part) => part.trim()))].filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

/** The filters of the alert list and of its groups (docs/ALERTS.md). */
export const AlertFilterQuery = z.object({
  status: listOf(ALERT_STATUSES).optional(),
  severity: listOf(SEVERITIES).optional(),
  rule_id: z.string().min(1).max(64).optional(),
  technique: z
    .string()
    .trim()
    .regex(/^[Tt]\d{4}(\.\d{3})?$/, { error: "Give an ATT&CK technique id, e.g. T1059 or T1059.001" })
    .optional(),
  group_value: z.string().min(1).max(1000).optional(),
  site_id: z.string().min(1).max(255).optional(),
  assignee: z
    .union([z.enum(["me", "unassigned"]), z.uuid()], { error: "Give me, unassigned or a user id" })
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().max(200).optional(),
});
type AlertFilterParams = z.output<typeof AlertFilterQuery>;

/** A page of the list, sorted. */
export const AlertListQuery = PageQuery.extend({
  ...AlertFilterQuery.shape,
  sort: z.enum(Object.keys(ALERT_SORTS) as [keyof typeof ALERT_SORTS]).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

/** A page of groups. */
export const AlertGroupsQuery = PageQuery.extend({
  ...AlertFilterQuery.shape,
  by: z.enum(["rule", "rule_group"]).default("rule"),
});

const NOBODY = "00000000-0000-0000-0000-000000000000";

/** The filter of a request: `assignee=me` is the caller. */
export function alertFilterOf(params: AlertFilterParams, me: string | undefined): AlertFilter {
  const { assignee, from, to, q, ...rest } = params;
  return {
    ...rest,
    ...(assignee === "unassigned"
      ? { assignee }
      : assignee
        ? { assignee: { id: assignee === "me" ? (me ?? NOBODY) : assignee } }
        : {}),
    ...(from ? { from: new Date(from) } : {}),
    ...(to ? { to: new Date(to) } : {}),
    ...(q ? { q } : {}),
  };
}

export const IdParams = z.object({ id: z.string().max(64) });
const notes = z.string().trim().min(1).max(5000);
const assigneeId = z.uuid().nullable();

/** `PATCH /alerts/:id/status`. */
export const StatusBody = z.object({ status: z.enum(ALERT_STATUSES), notes: notes.optional() });
/** `PATCH /alerts/:id/assignee`: a user id, or null to unassign. */
export const AssigneeBody = z.object({ assignee_id: assigneeId });
/** `POST /alerts/:id/notes`. */
export const NoteBody = z.object({ notes });
/** `POST /alerts/bulk`: one change for many alerts. */
export const BulkBody = z
  .object({
    ids: z.array(z.string().max(64)).min(1).max(MAX_BULK_ALERTS),
    status: z.enum(ALERT_STATUSES).optional(),
    notes: notes.optional(),
    assignee_id: assigneeId.optional(),
  })
  .refine((body) => body.status !== undefined || body.notes !== undefined || body.assignee_id !== undefined, {
    message: "Give status, notes and/or assignee_id",
    path: ["status"],
  });
