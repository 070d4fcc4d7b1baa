// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthStore } from "../stores/auth.ts";
import { ApiError, apiFetch, apiUrl, setLoginRedirect } from "./client.ts";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("apiFetch", () => {
  const redirect = vi.fn();
  const fetchMock = vi.fn<typeof fetch>();
  const sentHeaders = (call: number) =>
    (fetchMock.mock.calls[call]![1]!.headers ?? {}) as Record<string, string>;

  beforeEach(() => {
    vi.stubGlobal("fetch", fetchMock);
    setLoginRedirect(redirect);
    useAuthStore.setState({
      token: "tok-123",
      user: { id: "u1", username: "ana", email: null, role: "analyst" },
    });
    window.history.replaceState(null, "", "/events?severity=high");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    redirect.mockReset();
  });

  it("sends the bearer token and returns the JSON body", async () => {
    fetchMock.mockResolvedValue(json(200, { total_events: 3 }));
    await expect(apiFetch("/dashboard")).resolves.toEqual({ total_events: 3 });
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/v1/dashboard");
    expect(sentHeaders(0).Authorization).toBe("Bearer tok-123");
  });

  it("on 401 logs out and sends to /login with the current page as redirect", async () => {
    fetchMock.mockResolvedValue(json(401, { error: "AuthenticationError", message: "Token expired" }));
    const failure = await apiFetch("/logs").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(useAuthStore.getState().token).toBeNull();
    expect(redirect).toHaveBeenCalledWith("/events?severity=high");
  });

  it("does not treat a failed login (anonymous 401) as an expired session", async () => {
    fetchMock.mockResolvedValue(
      json(401, { error: "AuthenticationError", message: "Invalid username or password" }),
    );
    await expect(apiFetch("/auth/login", { method: "POST", body: {}, anonymous: true })).rejects.toThrow(
      "Invalid username or password",
    );
    expect(useAuthStore.getState().token).toBe("tok-123");
    expect(redirect).not.toHaveBeenCalled();
    expect(sentHeaders(0).Authorization).toBeUndefined();
  });

  it("carries the API error body, with field details keyed by path", async () => {
    fetchMock.mockResolvedValue(
      json(422, {
        error: "ValidationError",
        message: "Invalid rule",
        details: [
          { field: "conditions.threshold", message: "Too small", type: "too_small" },
          { field: "name", message: "Required", type: "invalid_type" },
        ],
      }),
    );
    const failure = (await apiFetch("/rules", { method: "POST", body: {} }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(failure.body.error).toBe("ValidationError");
    expect(failure.message).toBe("Invalid rule");
    expect(failure.fieldErrors()).toEqual({ "conditions.threshold": "Too small", name: "Required" });
  });

  it("reads Retry-After on 429 when the body does not say it", async () => {
    fetchMock.mockResolvedValue(
      json(429, { error: "RateLimitExceeded", message: "Slow down" }, { "Retry-After": "12" }),
    );
    const failure = (await apiFetch("/logs").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(429);
    expect(failure.body.retry_after).toBe(12);
  });

  it("falls back to the HTTP status when the body is not the API's (proxy error page)", async () => {
    fetchMock.mockResolvedValue(
      new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    const failure = (await apiFetch("/logs").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(502);
    expect(failure.body).toEqual({ error: "HTTP502", message: "Bad Gateway" });
  });

  it("turns a network failure into a NetworkError ApiError", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const failure = (await apiFetch("/logs").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(0);
    expect(failure.body.error).toBe("NetworkError");
  });
});

describe("apiUrl", () => {
  it("leaves out empty filters and encodes values", () => {
    expect(apiUrl("/logs", { severity: "high", site_id: "", q: "a&b", page: undefined, per_page: 50 })).toBe(
      "/api/v1/logs?severity=high&q=a%26b&per_page=50",
    );
  });
});
