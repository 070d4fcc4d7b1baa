const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** The RFC 3164 timestamp (`Nov 21 08:15:00`, UTC) that syslog-speaking devices put first. */
export function syslogTime(time: Date): string {
  const day = String(time.getUTCDate()).padStart(2, " ");
  return `${MONTHS[time.getUTCMonth()]} ${day} ${time.toISOString().slice(11, 19)}`;
}

/** A classic syslog line: `Nov 21 08:15:00 audio007-srv01 sshd[2311]: text`. */
export function syslogLine(
  time: Date,
  host: string,
  program: string,
  pid: number | null,
  text: string,
): string {
  const tag = pid === null ? program : `${program}[${pid}]`;
  return `${syslogTime(time)} ${host} ${tag}: ${text}`;
}

/** A Windows event forwarded as one line (NXLog style): event id, channel and key=value pairs. */
export function windowsEventLine(
  time: Date,
  host: string,
  eventId: number,
  summary: string,
  fields: Record<string, string | number>,
): string {
  const pairs = Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  return `${syslogTime(time)} ${host} Microsoft-Windows-Security-Auditing[${eventId}]: ${summary} ${pairs}`;
}
