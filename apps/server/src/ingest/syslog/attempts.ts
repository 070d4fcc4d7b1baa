import type { ParsedMessage, SyslogEvent } from "./types.ts";

/* How Vigie counts authentication attempts from syslog lines (docs/SYSLOG.md, "Counting attempts"). */

/** Event types that report (part of) an authentication attempt that failed. */
const FAILED_ATTEMPT_TYPES = new Set(["login_failure", "invalid_user", "max_retries_exceeded"]);

/**
 * The metadata that lets rules count attempts rather than lines: `attempt_id` names the process that handled the
 * attempt (sshd forks one per connection; PAM, "Invalid user" and "Failed password" lines of one connection share
 * it), and `remote_host` is the client whether the line gives an address or a host name (PAM's `rhost=`).
 */
export function attemptMetadata(parsed: ParsedMessage, event: SyslogEvent): Record<string, string> {
  if (event.source_type !== "auth") return {};
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const rhost = typeof metadata.rhost === "string" ? metadata.rhost : null;
  const remoteHost = event.source_ip ?? rhost;
  const fields: Record<string, string> = remoteHost ? { remote_host: remoteHost.toLowerCase() } : {};
  if (event.event_type && FAILED_ATTEMPT_TYPES.has(event.event_type) && parsed.pid) {
    const service = typeof event.service === "string" ? event.service : parsed.program;
    fields.attempt_id = `${event.hostname ?? "-"}/${service}[${parsed.pid}]`;
  }
  return fields;
}
