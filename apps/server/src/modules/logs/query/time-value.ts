import { QuerySyntaxError } from "./parse.ts";

const RELATIVE = /^now(?:-(\d{1,6})([smhdw]))?$/;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A time in a query: ISO 8601 (a date alone is midnight UTC; a time without offset is UTC), or relative
 * to now (`now`, `now-15m`, `now-24h`, `now-7d`).
 */
export function parseTimeValue(value: string, at: number, now = Date.now()): Date {
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, amount, unit] = relative;
    return new Date(now - (amount ? Number(amount) * (UNIT_MS[unit as string] as number) : 0));
  }
  if (ISO.test(value)) {
    const withZone =
      /[T ]\d{2}:\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value;
    const date = new Date(withZone.replace(" ", "T"));
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new QuerySyntaxError(`'${value}' is not a time (ISO 8601, or now-15m, now-24h, now-7d)`, at);
}
