const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const DAY_MS = 86_400_000;

/** A timestamp found at the start of a line, as an ISO string (null when the date is impossible) and its length. */
export interface TimestampMatch {
  iso: string | null;
  length: number;
}

type Reader = (text: string, now: Date) => TimestampMatch | null;

// ISO 8601 with "T" or a space, optional fraction, optional zone "Z", "+01:00" or "-0700".
const ISO_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?(?=\s|$|:)/;
// "Nov 16 12:53:54", "Jan 18 2024 11:50:03", "Oct 03 2018 17:34:08", optional fraction.
const BSD_RE = /^([A-Z][a-z]{2}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?=\s|$|:)/;
// syslog-ng "2015 Nov 13 13:40:01".
const YEAR_FIRST_RE = /^(\d{4}) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?=\s|$)/;
// Sophos UTM "2023:04:28-11:28:41".
const COLON_DATE_RE = /^(\d{4}):(0[1-9]|1[0-2]):(\d{2})-(\d{2}):(\d{2}):(\d{2})(?=\s|$)/;

function readIso(text: string): TimestampMatch | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const zone = m[4] ? m[4].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : "";
  const fraction = m[3] ? m[3].slice(0, 4) : "";
  const date = new Date(`${m[1]}T${m[2]}${fraction}${zone}`);
  return { iso: validIso(date), length: m[0].length };
}

function readBsd(text: string, now: Date): TimestampMatch | null {
  const m = BSD_RE.exec(text);
  if (!m) return null;
  const month = MONTHS[m[1]!.toLowerCase()];
  if (month === undefined) return null;
  const parts = [
    Number(m[2]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7] ? Number(m[7]) * 1000 : 0,
  ] as const;
  const date = m[3] ? localDate(Number(m[3]), month, ...parts) : inferYear(month, parts, now);
  return { iso: validIso(date, parts[0]), length: m[0].length };
}

function readYearFirst(text: string): TimestampMatch | null {
  const m = YEAR_FIRST_RE.exec(text);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || month === undefined) return null;
  const date = localDate(Number(m[1]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
  return { iso: validIso(date, Number(m[3])), length: m[0].length };
}

function readColonDate(text: string): TimestampMatch | null {
  const m = COLON_DATE_RE.exec(text);
  if (!m) return null;
  const [year, month, day, h, mi, s] = m.slice(1).map(Number);
  return { iso: validIso(localDate(year!, month! - 1, day!, h!, mi!, s!, 0), day), length: m[0].length };
}

function localDate(
  year: number,
  month: number,
  day: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): Date {
  return new Date(year, month, day, h, mi, s, ms);
}

/** Year-less BSD dates take the current year, or the previous one when that lands more than a day ahead. */
function inferYear(month: number, p: readonly [number, number, number, number, number], now: Date): Date {
  const thisYear = localDate(now.getFullYear(), month, ...p);
  if (thisYear.getTime() - now.getTime() <= DAY_MS) return thisYear;
  return localDate(now.getFullYear() - 1, month, ...p);
}

function validIso(date: Date, day?: number): string | null {
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls "Feb 31" over into March; a day the month does not have is not a date.
  if (day !== undefined && date.getDate() !== day) return null;
  return date.toISOString();
}

const READERS: readonly Reader[] = [readIso, readBsd, readYearFirst, readColonDate];

/**
 * Reads the timestamp syslog senders put at the start of a line (RFC 3164 forms, ISO 8601, with or without
 * year, Sophos UTM's `YYYY:MM:DD-HH:MM:SS`). Zone-less stamps are the server's local time.
 */
export function readTimestamp(text: string, now: Date): TimestampMatch | null {
  for (const read of READERS) {
    const match = read(text, now);
    if (match) return match;
  }
  return null;
}
