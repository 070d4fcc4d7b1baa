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
