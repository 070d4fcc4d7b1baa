import { describe, expect, it } from "vitest";
import { firewallNormalizer } from "./firewall.ts";

const { normalize, inferEventType } = firewallNormalizer;

describe("firewall normalizer", () => {
  it("reads the contract's names at the top level", () => {
    expect(
      normalize({
        action: "deny",
        protocol: "tcp",
        bytes_sent: 10,
        bytes_received: 20,
        rule_name: "block-smb",
      }),
    ).toEqual({
      action: "deny",
      protocol: "tcp",
      bytes_sent: 10,
      bytes_received: 20,
      rule_name: "block-smb",
    });
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { action: "allow", proto: "UDP", bytes_out: "1200" } })).toMatchObject({
      action: "allow",
      protocol: "UDP",
      bytes_sent: 1200,
    });
  });

  it.each([
    [{ proto: "tcp" }, "protocol", "tcp"],
    [{ bytes_out: 5 }, "bytes_sent", 5],
    [{ sent_bytes: "6" }, "bytes_sent", 6],
    [{ sentbyte: 7 }, "bytes_sent", 7],
    [{ flow: { bytes_toserver: 8 } }, "bytes_sent", 8],
    [{ bytes_in: 9 }, "bytes_received", 9],
    [{ rcvdbyte: "10" }, "bytes_received", 10],
    [{ rule: "r1" }, "rule_name", "r1"],
    [{ policy: "p1" }, "rule_name", "p1"],
    [{ policyname: "Internet" }, "rule_name", "Internet"],
    [{ rule: { name: "nested" } }, "rule_name", "nested"],
    [{ act: "blocked" }, "action", "blocked"],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("coerces byte counts and nulls what is not a number", () => {
    expect(normalize({ bytes_sent: "443", bytes_received: "abc" })).toMatchObject({
      bytes_sent: 443,
      bytes_received: null,
    });
  });

  it.each(["deny", "DROP", "block", "Reject", "denied", "blocked"])("action %s → firewall_deny", (action) => {
    expect(inferEventType?.(normalize({ action }))).toBe("firewall_deny");
  });

  it.each(["allow", "ACCEPT", "pass", "permit"])("action %s → firewall_allow", (action) => {
    expect(inferEventType?.(normalize({ action }))).toBe("firewall_allow");
  });

  it("does not guess without a known action", () => {
    expect(inferEventType?.(normalize({ action: "log" }))).toBeUndefined();
    expect(inferEventType?.(normalize({}))).toBeUndefined();
  });
});
