import type { CaseUpdate } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";
import type { CaseRow } from "./case-row.ts";
import type { CaseFields } from "./cases.repository.ts";

/** One field of a case that changed, as the timeline and the audit log record it. */
export interface CaseMove {
  field: string;
  from: string | null;
  to: string | null;
}

const CLOSING_REASON_NEEDED = () =>
  errors.validation("Closing a case needs a closing reason", [
    { field: "closing_reason", message: "Give the reason to close the case", type: "required" },
  ]);

/**
 * The stored fields and the timeline moves a patch makes on a case as it is: fields equal to the current
 * value are left out; closing needs a reason (422), stamps `closed_at`; reopening clears both.
 */
export function changesOf(
  row: CaseRow,
  patch: CaseUpdate,
  at: Date,
): { fields: CaseFields; moves: CaseMove[] } {
  const fields: CaseFields = {};
  const moves: CaseMove[] = [];
  const set = <K extends keyof CaseFields>(key: K, value: CaseFields[K], field: string = key) => {
    const current = (row as unknown as Record<string, unknown>)[key] ?? null;
    if (value === undefined || value === current) return;
    fields[key] = value;
    moves.push({
      field,
      from: current === null ? null : String(current),
      to: value === null ? null : String(value),
    });
  };
  const status = patch.status ?? row.status;
  if (status === "closed") {
    const reason = patch.closing_reason ?? row.closing_reason;
    if (!reason) throw CLOSING_REASON_NEEDED();
    set("closing_reason", reason);
    if (row.status !== "closed") fields.closed_at = at;
  } else if (patch.closing_reason !== undefined) {
    throw errors.validation("A closing reason goes with closing the case", [
      { field: "closing_reason", message: "Set status to closed with it", type: "closed_only" },
    ]);
  } else if (row.status === "closed") {
    fields.closing_reason = null;
    fields.closed_at = null;
  }
  set("status", patch.status);
  set("title", patch.title);
  set("severity", patch.severity);
  set("assignee_id", patch.assignee_id, "assignee");
  if (patch.description !== undefined && patch.description !== row.description) {
    fields.description = patch.description;
    moves.push({ field: "description", from: null, to: null });
  }
  return { fields, moves };
}
