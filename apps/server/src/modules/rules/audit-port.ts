/** Who made a change and from where (what `requestActor(request)` of the audit module returns). */
export interface ChangeOrigin {
  actor: { id?: string | null; username: string | null } | null;
  ip?: string | null;
}

/** One audited change, e.g. `rule.created` on a rule id. */
export interface AuditedChange extends ChangeOrigin {
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  details?: Record<string, unknown>;
}

/** The audit log as rules and alerts see it (the audit module's `AuditLog` fits); recording never throws. */
export interface AuditSink {
  record(change: AuditedChange): Promise<void>;
  /** Several changes in one write (a bulk triage audits each alert). */
  recordMany(changes: AuditedChange[]): Promise<void>;
}

/** Until the audit log is wired in, changes are not recorded anywhere. */
export const noAudit: AuditSink = { record: async () => undefined, recordMany: async () => undefined };

/** The origin of a change made by a request's signed-in user. */
export function originOf(request: {
  user: { id: string; username: string } | null;
  ip: string;
}): ChangeOrigin {
  return {
    actor: request.user ? { id: request.user.id, username: request.user.username } : null,
    ip: request.ip,
  };
}
