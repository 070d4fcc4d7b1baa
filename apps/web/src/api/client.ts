import type { ApiErrorBody } from "@vigie/contracts";
import { useAuthStore } from "../stores/auth.ts";

/** Base path of the native API. */
export const API_BASE = "/api/v1";

/** An API failure carrying the server's error body (CONTRACT §1), or a synthetic one for network errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = "ApiError";
  }

  /** Validation messages keyed by field path (`conditions.threshold`), for showing next to form fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.body.details ?? []) out[d.field] ??= d.message;
    return out;
  }
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Record<string, QueryValue>;
  /** JSON unless it is a FormData (multipart) or a string sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Login answers 401 for bad credentials: that must not be treated as an expired session. */
  anonymous?: boolean;
}

/** Sends the browser to the login page, coming back to `redirect` afterwards; main.tsx routes it through the router. */
let redirectToLogin = (redirect: string): void => {
  window.location.assign(`/login?redirect=${encodeURIComponent(redirect)}`);
};

/** Replaces how a 401 reaches the login page (the router in the app, a spy in tests). */
export function setLoginRedirect(handler: (redirect: string) => void): void {
  redirectToLogin = handler;
}

/** Builds `/api/v1/<path>?<query>`, leaving out empty values so URLs stay short and shareable. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ""}`;
}

/** Calls the API with the session token; a 401 on an authenticated call logs out and sends to /login. */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = useAuthStore.getState().token;
  if (token && !options.anonymous) headers.Authorization = `Bearer ${token}`;
  // FormData goes as multipart (the browser writes the boundary); text with its own content type as is.
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.contentType && typeof options.body === "string") {
    headers["Content-Type"] = options.contentType;
    body = options.body;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new ApiError(0, { error: "NetworkError", message: "The server cannot be reached" });
  }
  if (response.status === 401 && !options.anonymous) expireSession();
  if (!response.ok) throw new ApiError(response.status, await readErrorBody(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function expireSession(): void {
  useAuthStore.getState().logout();
  const here = `${window.location.pathname}${window.location.search}`;
  if (!window.location.pathname.startsWith("/login")) redirectToLogin(here);
}

/** Reads `{error, message, details?}`, falling back to the HTTP status when the body is not the API's. */
async function readErrorBody(response: Response): Promise<ApiErrorBody> {
  const fallback: ApiErrorBody = {
    error: `HTTP${response.status}`,
    message: response.statusText || "Request failed",
  };
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (typeof body?.message !== "string") return fallback;
    const retry = Number(response.headers.get("Retry-After"));
    return {
      ...body,
      error: typeof body.error === "string" ? body.error : fallback.error,
      message: body.message,
      ...(body.retry_after === undefined && retry > 0 ? { retry_after: retry } : {}),
    };
  } catch {
    return fallback;
  }
}
