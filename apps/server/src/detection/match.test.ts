import { describe, expect, it } from "vitest";
import { compileFieldReader, GLOBAL_GROUP, type GroupSpec, groupOf, matchesFilter } from "./match.ts";
import { makeEvent } from "./test-support.ts";

const event = makeEvent(0, {
  source_ip: "10.0.0.9",
  dest_port: 22,
  normalized: { service: "sshd", port: "2222", nested: { a: 1 } },
  metadata: { agent: { id: "w-1" }, empty: "", flag: false },
});

describe("matchesFilter", () => {
  it("matches everything with an empty filter", () => {
    expect(matchesFilter(event, {})).toBe(true);
  });

  it("needs every field to be equal, top-level and dotted", () => {
    expect(matchesFilter(event, { event_type: "login_failure", "normalized.service": "sshd" })).toBe(true);
    expect(matchesFilter(event, { event_type: "login_failure", "normalized.service": "ftpd" })).toBe(false);
    expect(matchesFilter(event, { "metadata.agent.id": "w-1", "metadata.flag": false })).toBe(true);
  });

  it("compares numbers and numeric strings by value, both ways", () => {
    expect(matchesFilter(event, { dest_port: 22 })).toBe(true);
    expect(matchesFilter(event, { dest_port: "22" })).toBe(true);
    expect(matchesFilter(event, { "normalized.port": 2222 })).toBe(true);
    expect(matchesFilter(event, { dest_port: "22abc" })).toBe(false);
    expect(matchesFilter(event, { dest_port: 23 })).toBe(false);
  });

  it("compares strings case-sensitively and does not confuse types", () => {
    expect(matchesFilter(event, { "normalized.service": "SSHD" })).toBe(false);
    expect(matchesFilter(event, { "metadata.flag": "false" })).toBe(false);
    expect(matchesFilter(event, { "normalized.nested": 1 })).toBe(false);
  });

  it("matches null against missing and null fields only", () => {
    expect(matchesFilter(event, { dest_ip: null, "normalized.absent": null })).toBe(true);
    expect(matchesFilter(event, { source_ip: null })).toBe(false);
    expect(matchesFilter(event, { "normalized.absent.deeper": "x" })).toBe(false);
  });
});

describe("groupOf", () => {
  const shownOf = (spec: GroupSpec) => groupOf(event, spec)?.value ?? null;

  it("keys every group by the site unless the rule groups across sites", () => {
    expect(groupOf(event, { group_by: "" })).toEqual({
      key: '["AUDIO_001"]',
      value: "AUDIO_001",
      fields: { site_id: "AUDIO_001" },
    });
    expect(groupOf(event, { group_by: "", across_sites: true })?.value).toBe(GLOBAL_GROUP);
    const otherSite = groupOf({ ...event, site_id: "AUDIO_002" }, { group_by: "source_ip" });
    expect(otherSite?.key).not.toBe(groupOf(event, { group_by: "source_ip" })?.key);
  });

  it("combines several fields, top-level and dotted, as text", () => {
    expect(groupOf(event, { group_by: ["source_ip", "dest_port", "metadata.agent.id"] })).toMatchObject({
      value: "AUDIO_001 / 10.0.0.9 / 22 / w-1",
      fields: { site_id: "AUDIO_001", source_ip: "10.0.0.9", dest_port: "22", "metadata.agent.id": "w-1" },
    });
    expect(shownOf({ group_by: "source_ip", across_sites: true })).toBe("10.0.0.9");
  });

  it("does not confuse a value holding the separator with two values", () => {
    const a = groupOf({ ...event, hostname: "x / y", username: "z" }, { group_by: ["hostname", "username"] });
    const b = groupOf({ ...event, hostname: "x", username: "y / z" }, { group_by: ["hostname", "username"] });
    expect(a?.key).not.toBe(b?.key);
  });

  it("gives null for missing, empty and non-scalar values", () => {
    expect(shownOf({ group_by: "dest_ip" })).toBeNull();
    expect(shownOf({ group_by: ["source_ip", "metadata.empty"] })).toBeNull();
    expect(shownOf({ group_by: "normalized.nested" })).toBeNull();
    expect(shownOf({ group_by: "normalized.missing" })).toBeNull();
  });
});

describe("compileFieldReader", () => {
  it("reads nothing through non-objects", () => {
    expect(compileFieldReader("normalized.service.length")(event)).toBeUndefined();
  });
});
