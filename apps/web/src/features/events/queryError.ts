import { ApiError } from "../../api/client.ts";

/** A search the server could not read: its message and the 0-based position of the problem. */
export interface QueryError {
  message: string;
  position: number;
}

/** The search-language error of a failed list request, if that is what it was (a 422 on `q`). */
export function queryErrorOf(error: unknown): QueryError | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const detail = error.body.details?.find((d) => d.field === "q");
  if (!detail) return undefined;
  return { message: detail.message, position: detail.position ?? 0 };
}

/** True when a failed request is a search the user can fix in place (shown under the search box). */
export function isQueryError(error: unknown): boolean {
  return queryErrorOf(error) !== undefined;
}
