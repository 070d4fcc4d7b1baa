import { z } from "zod";
import { FieldNameSchema } from "./conditions.ts";
import { RuleFilterSchema } from "./rule-filters.ts";

/** Most fields an exception made from an alert may name. */
export const MAX_EXCEPTION_FIELDS = 10;

const reason = z.string().trim().min(1, "a reason is required").max(1000);
const expiresAt = z.iso.datetime({ offset: true }).nullish();

/**
 * The body of `POST /rules/:id/exceptions`: either a `condition` (the condition language, a tree or the
 * equality object), or `from_alert` and the `fields` whose values in that alert's events the condition
 * tests; with the reason it exists and an optional expiry (ISO date-time; absent or null: never).
 */
export const RuleExceptionCreateSchema = z
  .strictObject({
    condition: RuleFilterSchema.optional(),
    from_alert: z.string().max(64).optional(),
    fields: z.array(FieldNameSchema).min(1).max(MAX_EXCEPTION_FIELDS).optional(),
    reason,
    expires_at: expiresAt,
    enabled: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    const fromAlert = body.from_alert !== undefined || body.fields !== undefined;
    if (body.condition !== undefined && fromAlert)
      ctx.addIssue({
        code: "custom",
        path: ["condition"],
        message: "give a condition or from_alert, not both",
      });
    else if (body.condition === undefined && !fromAlert)
      ctx.addIssue({
        code: "custom",
        path: ["condition"],
        message: "a condition (or from_alert and fields) is required",
      });
    else if (fromAlert && (body.from_alert === undefined || body.fields === undefined))
      ctx.addIssue({
        code: "custom",
        path: [body.from_alert === undefined ? "from_alert" : "fields"],
        message: "from_alert and fields go together",
      });
  });
export type RuleExceptionCreate = z.output<typeof RuleExceptionCreateSchema>;

/** The body of `PATCH /rules/:id/exceptions/:exception_id`: any subset; `expires_at: null` removes the expiry. */
export const RuleExceptionUpdateSchema = z
  .strictObject({ condition: RuleFilterSchema, reason, expires_at: expiresAt, enabled: z.boolean() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to update");
export type RuleExceptionUpdate = z.output<typeof RuleExceptionUpdateSchema>;

/** A stored exception as the API returns it; `active` is enabled and not expired, now. */
export interface RuleException {
  id: string;
  rule_id: string;
  condition: unknown;
  reason: string;
  author: string | null;
  author_id: string | null;
  from_alert_id: string | null;
  enabled: boolean;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  active: boolean;
}
