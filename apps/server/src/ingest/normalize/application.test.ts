import { describe, expect, it } from "vitest";
import { applicationNormalizer } from "./application.ts";

const { normalize } = applicationNormalizer;

describe("application normalizer", () => {
  it("reads the project's names", () => {
    const input = { app_name: "noah", action: "export", resource: "/patients", status_code: 200 };
    expect(normalize(input)).toEqual(input);
  });

  it.each([
    [{ app: "crm" }, "app_name", "crm"],
    [{ service: { name: "billing" } }, "app_name", "billing"],
    [{ operation: "delete" }, "action", "delete"],
    [{ path: "/api/x" }, "resource", "/api/x"],
    [{ status: "500" }, "status_code", 500],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { application: "agenda", http_status: 401 } })).toMatchObject({
      app_name: "agenda",
      status_code: 401,
    });
  });
});
