import { describe, expect, it } from "vitest";
import { authNormalizer } from "./auth.ts";

const { normalize, inferEventType } = authNormalizer;

describe("auth normalizer", () => {
  it("reads the contract's names", () => {
    const input = {
      auth_method: "password",
      result: "failure",
      failure_reason: "bad password",
      service: "sshd",
    };
    expect(normalize(input)).toEqual(input);
  });

  it.each([
    [{ method: "publickey" }, "auth_method", "publickey"],
    [{ auth_type: "kerberos" }, "auth_method", "kerberos"],
    [{ outcome: "success" }, "result", "success"],
    [{ event: { outcome: "failure" } }, "result", "failure"],
    [{ reason: "unknown user" }, "failure_reason", "unknown user"],
    [{ program: "sshd" }, "service", "sshd"],
    [{ service: { name: "vpn" } }, "service", "vpn"],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { method: "password", result: "failed" } })).toMatchObject({
      auth_method: "password",
      result: "failed",
    });
  });

  it.each([
    ["failure", "login_failure"],
    ["FAILED", "login_failure"],
    ["success", "login_success"],
    ["Succeeded", "login_success"],
  ])("result %s → %s", (result, expected) => {
    expect(inferEventType?.(normalize({ result }))).toBe(expected);
  });

  it("does not guess from an unknown result", () => {
    expect(inferEventType?.(normalize({ result: "challenge" }))).toBeUndefined();
  });
});
