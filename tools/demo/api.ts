import { DEMO_ADMIN } from "./settings.ts";

/** One JSON call to Vigie's API; throws with the server's message on an error status. */
export async function call<T>(
  url: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${body.message ?? "no message"}`);
  return body;
}

/** Signs in as the demo admin (each time: a fresh token never expires mid-demo). */
export async function signIn(url: string): Promise<string> {
  const { access_token } = await call<{ access_token: string }>(url, "/api/v1/auth/login", {
    method: "POST",
    body: DEMO_ADMIN,
  });
  return access_token;
}
