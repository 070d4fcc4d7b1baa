import { describe, expect, it } from "vitest";
import { idsNormalizer } from "./ids.ts";

const { normalize, inferEventType } = idsNormalizer;

describe("ids normalizer", () => {
  it("reads Suricata EVE's nested alert", () => {
    const eve = {
      alert: { signature_id: 2017318, signature: "ET SCAN", category: "Attempted Recon", severity: 2 },
    };
    expect(normalize(eve)).toEqual({
      signature_id: 2017318,
      signature_name: "ET SCAN",
      classification: "Attempted Recon",
      priority: 2,
    });
  });

  it.each([
    [{ sid: "2001219" }, "signature_id", 2001219],
    [{ signature: { id: 7, name: "nested name" } }, "signature_id", 7],
    [{ signature: { id: 7, name: "nested name" } }, "signature_name", "nested name"],
    [{ signature: "flat name" }, "signature_name", "flat name"],
    [{ msg: "snort msg" }, "signature_name", "snort msg"],
    [{ category: "trojan-activity" }, "classification", "trojan-activity"],
    [{ classtype: "attempted-admin" }, "classification", "attempted-admin"],
    [{ alert: { severity: "1" } }, "priority", 1],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("keeps a non-numeric signature id as text, and nulls a non-numeric priority", () => {
    expect(normalize({ signature_id: "ET-2017318", priority: "high" })).toMatchObject({
      signature_id: "ET-2017318",
      priority: null,
    });
  });

  it("does not take the event's own severity as priority", () => {
    expect(normalize({ severity: "high" }).priority).toBeNull();
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { sid: 1000001, signature: "local rule" } })).toMatchObject({
      signature_id: 1000001,
      signature_name: "local rule",
    });
  });

  it("proposes ids_alert", () => {
    expect(inferEventType?.(normalize({}))).toBe("ids_alert");
  });
});
