import { describe, expect, it } from "vitest";
import { proxyNormalizer } from "./proxy.ts";

const { normalize } = proxyNormalizer;

describe("proxy normalizer", () => {
  it("reads the contract's names and coerces the numbers", () => {
    const input = {
      url: "http://x.example/a",
      method: "POST",
      status_code: "403",
      user_agent: "curl/8.0",
      content_type: "text/html",
      bytes_transferred: "5120",
    };
    expect(normalize(input)).toEqual({ ...input, status_code: 403, bytes_transferred: 5120 });
  });

  it("reads Suricata's nested http object", () => {
    const http = {
      http: {
        url: "/login",
        http_method: "GET",
        status: 301,
        http_user_agent: "Mozilla/4.0",
        http_content_type: "text/html",
        length: 301,
      },
    };
    expect(normalize(http)).toEqual({
      url: "/login",
      method: "GET",
      status_code: 301,
      user_agent: "Mozilla/4.0",
      content_type: "text/html",
      bytes_transferred: 301,
    });
  });

  it("reads ECS nesting when url and user_agent are objects", () => {
    const ecs = { url: { full: "https://y.example/" }, user_agent: { original: "Edge" } };
    expect(normalize(ecs)).toMatchObject({ url: "https://y.example/", user_agent: "Edge" });
  });

  it.each([
    [{ http_method: "PUT" }, "method", "PUT"],
    [{ status: "200" }, "status_code", 200],
    [{ http_user_agent: "wget" }, "user_agent", "wget"],
    [{ bytes: 99 }, "bytes_transferred", 99],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("falls back to metadata (AudioSOC v1), skipping a non-numeric status", () => {
    expect(normalize({ status: "new", metadata: { status: 502, url: "http://z/" } })).toMatchObject({
      url: "http://z/",
      status_code: 502,
    });
  });
});
