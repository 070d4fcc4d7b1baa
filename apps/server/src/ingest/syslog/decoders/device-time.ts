import { readTimestamp } from "../parse/timestamp.ts";

/* The date formats devices write inside their own lines, read as ISO timestamps (null when not a real date). */

const iso = (text: string) => readTimestamp(text, new Date())?.iso ?? null;

// "2021/07/12 09:46:00" (PAN-OS, nginx), "2023:03:08-15:00:00" (Sophos UTM), "2019-10-09 17:19:06".
const NUMERIC_RE =
  /^(\d{4})[/:-](\d{2})[/:-](\d{2})[ T-](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})?$/;

/** A year-month-day date and time with `/`, `:` or `-` separators, optionally followed by a zone. */
export function numericTime(text: string | null | undefined): string | null {
  const m = NUMERIC_RE.exec(text?.trim() ?? "");
  return m ? iso(`${m[1]}-${m[2]}-${m[3]}T${m[4]}${m[5] ?? ""}`) : null;
}

// "Wed Jul 27 18:32:27 2016" (vsftpd), "Tue Sep 30 14:25:44.895897 2014" (Apache).
const CTIME_RE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (\d{4})$/;

/** A C `ctime()` date, with or without microseconds. */
export function ctimeTime(text: string | null | undefined): string | null {
  const m = CTIME_RE.exec(text?.trim() ?? "");
  return m ? iso(`${m[1]} ${m[2]} ${m[4]} ${m[3]}`) : null;
}

/** Unix seconds with an optional fraction ("1140701044.525", Squid). */
export function epochTime(text: string | null | undefined): string | null {
  if (!text || !/^\d{9,10}(?:\.\d{1,6})?$/.test(text)) return null;
  return new Date(Number(text) * 1000).toISOString();
}

/** The device's time when it has one, as a field to spread into the decoded event (nothing otherwise). */
export const timestampField = (value: string | null): { timestamp?: string } =>
  value ? { timestamp: value } : {};
