/**
 * Time zones: the console shows every date, and reads every typed date, in the user's zone (an IANA name
 * saved with the user, or the browser's own when none is saved).
 */

/** The browser's own zone, e.g. `Europe/Paris`. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Every zone the browser knows, for the selector (a short list when the browser cannot tell). */
export function knownTimeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported("timeZone") : [];
  return zones.length ? zones : ["UTC", browserTimeZone()];
}

/** A date's fields as a wall clock in a zone shows them (month 1–12, weekday 0 = Monday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const PARTS = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = PARTS.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    PARTS.set(zone, format);
  }
  return format;
}

/** The wall time of an instant in a zone. */
export function wallTime(ms: number, zone: string): WallTime {
  const parts = Object.fromEntries(
    partsFormat(zone)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** How far a zone's clock is ahead of UTC at an instant, in milliseconds. */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall clock in `zone` shows these fields (in a gap of a clock change, the later offset). */
export function fromWallTime(
  w: Omit<WallTime, "weekday" | "second"> & { second?: number },
  zone: string,
): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  const first = asUtc - zoneOffsetMs(asUtc, zone);
  const second = asUtc - zoneOffsetMs(first, zone);
  return second;
}

/** The zone's short name at an instant in a locale: `CET`, `UTC+9`, `GMT-3`. */
export function zoneLabel(zone: string, ms: number, localeTag: string): string {
  const parts = new Intl.DateTimeFormat(localeTag, { timeZone: zone, timeZoneName: "short" }).formatToParts(
    ms,
  );
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}

const two = (n: number) => String(n).padStart(2, "0");

/** An instant as typed in a date field: `21/11/2026 09:37` in the zone (day first, as FR and en-GB write it). */
export function toDateTimeInput(iso: string | undefined, zone: string): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  const w = wallTime(ms, zone);
  return `${two(w.day)}/${two(w.month)}/${w.year} ${two(w.hour)}:${two(w.minute)}`;
}

/** What a date field accepts: `dd/mm/yyyy hh:mm`, seconds optional. */
export const DATE_TIME_INPUT_PATTERN = String.raw`\s*\d{1,2}/\d{1,2}/\d{4}[ T,]+\d{1,2}:\d{2}(:\d{2})?\s*`;
const INPUT = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/;

/** A typed `dd/mm/yyyy hh:mm[:ss]` in the zone → ISO UTC; "" when blank, null when it is not a real date. */
export function fromDateTimeInput(text: string, zone: string): string | null {
  if (!text.trim()) return "";
  const m = INPUT.exec(text);
  if (!m) return null;
  const [day, month, year, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const fields = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  const check = new Date(Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute));
  if (check.getUTCDate() !== fields.day || check.getUTCMonth() !== fields.month - 1 || fields.hour > 23)
    return null;
  return new Date(fromWallTime(fields, zone)).toISOString();
}
