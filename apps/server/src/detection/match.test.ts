import { describe, expect, it } from "vitest";
import { compileFieldReader, GLOBAL_GROUP, groupValue, matchesFilter } from "./match.ts";
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

describe("groupValue", () => {
  it("puts every event in one global group when group_by is empty", () => {
    expect(groupValue(event, "")).toBe(GLOBAL_GROUP);
  });

  it("reads top-level and dotted values as text", () => {
    expect(groupValue(event, "source_ip")).toBe("10.0.0.9");
    expect(groupValue(event, "dest_port")).toBe("22");
    expect(groupValue(event, "metadata.agent.id")).toBe("w-1");
  });

  it("gives null for missing, empty and non-scalar values", () => {
    expect(groupValue(event, "dest_ip")).toBeNull();
    expect(groupValue(event, "metadata.empty")).toBeNull();
    expect(groupValue(event, "normalized.nested")).toBeNull();
    expect(groupValue(event, "normalized.missing")).toBeNull();
  });
});

describe("compileFieldReader", () => {
  it("reads nothing through non-objects", () => {
    expect(compileFieldReader("normalized.service.length")(event)).toBeUndefined();
  });
});
