/** The PostgreSQL error behind a failed query (drizzle wraps it in `cause`), if any. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } | null {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === "object" && depth < 3;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (typeof (e as { code?: unknown }).code === "string") return e as { code: string; constraint?: string };
  }
  return null;
}

/** The name of the unique index a statement violated, or null for any other failure. */
export function uniqueViolation(error: unknown): string | null {
  const pg = pgErrorOf(error);
  return pg?.code === "23505" ? (pg.constraint ?? "unknown") : null;
}

/** Whether a statement failed because another row still references this one. */
export function isForeignKeyViolation(error: unknown): boolean {
  return pgErrorOf(error)?.code === "23503";
}

/** Whether PostgreSQL stopped the statement: the query timeout of `Database.reads` (57014, query_canceled). */
export function isQueryTimeout(error: unknown): boolean {
  return pgErrorOf(error)?.code === "57014";
}

/**
 * Codes of a storage that cannot be reached or is going away: the socket's (refused, reset, timed out,
 * no such host), and PostgreSQL's connection exceptions (08…), shutdowns (57P01–57P03) and "too many
 * connections" (53300). A statement that failed so says nothing about the request: retry later.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);
/** What `pg` says, without a code, when its connection dies or cannot be made in time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/** Whether a failure means storage is unreachable now (answer 503 and retry), not that the statement was wrong. */
export function isStorageUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}
