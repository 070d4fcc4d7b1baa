import type { Condition, FieldTest } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { makeEvent } from "../test-support.ts";
import type { DetectionEvent } from "../types.ts";
import { compileCondition } from "./compile.ts";

/** A Sysmon process creation as the Windows ingest stores it (fields.md). */
const sysmon = makeEvent(0, {
  source_type: "endpoint",
  event_type: "process_creation",
  hostname: "ws-12",
  source_ip: "192.168.1.20",
  message: "Process Create: powershell.exe -NoP -Enc SQBFAFgA",
  normalized: {
    EventID: 1,
    Channel: "Microsoft-Windows-Sysmon/Operational",
    Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    ParentImage: "C:\\Windows\\explorer.exe",
    CommandLine: "powershell.exe -NoP -Enc SQBFAFgA",
    User: "CLINIC\\alice",
    TargetUserName: "alice",
    LogonType: "3",
    "id.orig_h": "10.1.2.3",
    Hashes: ["SHA256=AB12", "MD5=CD34"],
    Empty: "",
    Nothing: null,
  },
  metadata: { agent: "winlogbeat", SubjectUserName: "alice" },
  raw: { winlog: { event_data: { ProcessId: "4242" }, computer_name: "WS-12.clinic.local" } },
  raw_log: '{"EventID":1,"Image":"powershell.exe"}',
});

const matches = (condition: Condition, event: DetectionEvent = sysmon) => compileCondition(condition)(event);
const test = (field: string, rest: Omit<FieldTest, "field">, event?: DetectionEvent) =>
  matches({ field, ...rest }, event);

describe("field resolution (fields.md)", () => {
  it("reads columns, documents by path, then normalized, metadata and raw by name", () => {
    expect(test("hostname", { value: "WS-12" })).toBe(true);
    expect(test("Image", { op: "endswith", value: "\\powershell.exe" })).toBe(true);
    expect(test("normalized.EventID", { value: 1 })).toBe(true);
    expect(test("id.orig_h", { value: "10.1.2.3" })).toBe(true);
    expect(test("SubjectUserName", { value: "alice" })).toBe(true);
    expect(test("metadata.agent", { value: "winlogbeat" })).toBe(true);
    expect(test("winlog.event_data.ProcessId", { value: 4242 })).toBe(true);
    expect(test("raw.winlog.computer_name", { op: "startswith", value: "ws-12." })).toBe(true);
    expect(test("message", { op: "contains", value: "-enc" })).toBe(true);
  });
});

describe("equality and value lists", () => {
  it("ignores case unless cased, and compares numbers with numeric text", () => {
    expect(test("TargetUserName", { value: "ALICE" })).toBe(true);
    expect(test("TargetUserName", { value: "ALICE", cased: true })).toBe(false);
    expect(test("EventID", { value: "1" })).toBe(true);
    expect(test("LogonType", { value: 3 })).toBe(true);
    expect(test("LogonType", { value: 10 })).toBe(false);
  });

  it("matches any listed value, or every one with all", () => {
    expect(test("EventID", { value: [4688, 1] })).toBe(true);
    expect(test("CommandLine", { op: "contains", value: ["-nop", "-enc"], all: true })).toBe(true);
    expect(test("CommandLine", { op: "contains", value: ["-nop", "-w hidden"], all: true })).toBe(false);
  });

  it("matches a list-valued field when any item matches", () => {
    expect(test("Hashes", { op: "startswith", value: "md5=" })).toBe(true);
  });

  it("treats null as no value, and the empty text as itself", () => {
    expect(test("Nothing", { value: null })).toBe(true);
    expect(test("Missing", { value: null })).toBe(true);
    expect(test("Image", { value: null })).toBe(false);
    expect(test("Empty", { value: "" })).toBe(true);
    expect(test("Missing", { value: "" })).toBe(false);
  });

  it("neq is true when no value is equal, also for a missing field", () => {
    expect(test("TargetUserName", { op: "neq", value: ["bob", "carol"] })).toBe(true);
    expect(test("TargetUserName", { op: "neq", value: ["bob", "Alice"] })).toBe(false);
    expect(test("Missing", { op: "neq", value: "x" })).toBe(true);
  });
});

describe("exists", () => {
  it("tells present fields (null included) from missing ones and null columns", () => {
    expect(test("Image", { op: "exists", value: true })).toBe(true);
    expect(test("Nothing", { op: "exists", value: true })).toBe(true);
    expect(test("Missing", { op: "exists", value: false })).toBe(true);
    expect(test("dest_ip", { op: "exists", value: true })).toBe(false);
  });
});

describe("wildcards", () => {
  it("matches * and ? and reads escapes", () => {
    // Sigma: a backslash before a wildcard is written doubled; `\*` alone is a literal star.
    expect(test("Image", { op: "wildcard", value: "c:\\windows\\\\*\\powershell.exe" })).toBe(true);
    expect(test("Image", { op: "wildcard", value: "c:\\windows\\*\\powershell.exe" })).toBe(false);
    expect(test("Image", { op: "wildcard", value: "*\\v?.0\\\\*" })).toBe(true);
    expect(test("Image", { op: "wildcard", value: "*\\v?.1\\\\*" })).toBe(false);
    const star = makeEvent(0, { normalized: { Name: "a*b" } });
    expect(test("Name", { op: "wildcard", value: "a\\*b" }, star)).toBe(true);
    expect(
      test("Name", { op: "wildcard", value: "a\\*b" }, makeEvent(0, { normalized: { Name: "axb" } })),
    ).toBe(false);
    expect(test("Name", { op: "wildcard", value: "*" }, star)).toBe(true);
    expect(test("Name", { op: "wildcard", value: "a*b*c" }, star)).toBe(false);
  });

  it("stays fast on a pattern that would backtrack exponentially", () => {
    const long = makeEvent(0, { normalized: { Name: "a".repeat(5_000) } });
    expect(test("Name", { op: "wildcard", value: "*a*a*a*a*a*a*a*a*b" }, long)).toBe(false);
  });
});

describe("regular expressions (RE2)", () => {
  it("searches, cased unless i, with m and s", () => {
    expect(test("CommandLine", { op: "re", value: "-enc\\s+[A-Za-z0-9+/=]{8}" })).toBe(false);
    expect(test("CommandLine", { op: "re", value: "-Enc\\s+[A-Za-z0-9+/=]{8}" })).toBe(true);
    expect(test("CommandLine", { op: "re", value: "-ENC\\s", flags: "i" })).toBe(true);
    const lines = makeEvent(0, { normalized: { Text: "first\nsecond" } });
    expect(test("Text", { op: "re", value: "^second$" }, lines)).toBe(false);
    expect(test("Text", { op: "re", value: "^second$", flags: "m" }, lines)).toBe(true);
    expect(test("Text", { op: "re", value: "first.second" }, lines)).toBe(false);
    expect(test("Text", { op: "re", value: "first.second", flags: "s" }, lines)).toBe(true);
  });

  it("refuses what RE2 refuses, naming the pattern", () => {
    expect(() => compileCondition({ field: "a", op: "re", value: "(a)\\1" })).toThrow(
      /\(a\)\\1.*not valid RE2/,
    );
  });

  it("runs a catastrophic pattern in linear time", () => {
    const long = makeEvent(0, { normalized: { Name: `${"a".repeat(30_000)}!` } });
    expect(test("Name", { op: "re", value: "^(a+)+$" }, long)).toBe(false);
  });
});

describe("cidr and numbers", () => {
  it("matches IPv4 and IPv6 networks", () => {
    expect(test("source_ip", { op: "cidr", value: ["10.0.0.0/8", "192.168.0.0/16"] })).toBe(true);
    expect(test("source_ip", { op: "cidr", value: "192.168.2.0/24" })).toBe(false);
    const v6 = makeEvent(0, { source_ip: "fd00::1:2" });
    expect(test("source_ip", { op: "cidr", value: "fd00::/8" }, v6)).toBe(true);
    expect(test("source_ip", { op: "cidr", value: "fe80::/10" }, v6)).toBe(false);
    expect(() => compileCondition({ field: "a", op: "cidr", value: "10.0.0.0/33" })).toThrow(/not an IPv4/);
  });

  it("compares numbers and numeric text, never other text", () => {
    expect(test("LogonType", { op: "gt", value: 2 })).toBe(true);
    expect(test("LogonType", { op: "lte", value: 2 })).toBe(false);
    expect(test("EventID", { op: "gte", value: 1 })).toBe(true);
    expect(test("EventID", { op: "lt", value: 1 })).toBe(false);
    expect(test("Image", { op: "gt", value: 0 })).toBe(false);
  });

  it("compares a part of a date field", () => {
    expect(test("timestamp", { date_part: "hour", value: 8 })).toBe(true);
    expect(test("timestamp", { date_part: "month", op: "gte", value: 11 })).toBe(true);
    expect(test("timestamp", { date_part: "week", value: 47 })).toBe(true);
    expect(test("Image", { date_part: "year", value: 2026 })).toBe(false);
  });
});

describe("fieldref", () => {
  it("compares with another field of the same event, neq included", () => {
    expect(test("TargetUserName", { fieldref: true, value: "SubjectUserName" })).toBe(true);
    expect(test("TargetUserName", { fieldref: true, op: "neq", value: "SubjectUserName" })).toBe(false);
    expect(test("Image", { fieldref: true, value: "ParentImage" })).toBe(false);
    expect(test("Image", { fieldref: true, value: "Missing" })).toBe(false);
  });
});

describe("keywords", () => {
  it("search the message, the raw line and the raw document", () => {
    expect(matches({ keywords: { value: ["mimikatz", "POWERSHELL.EXE -nop"] } })).toBe(true);
    expect(matches({ keywords: { value: "ws-12.clinic" } })).toBe(true);
    expect(matches({ keywords: { value: '"EventID":1' } })).toBe(true);
    expect(matches({ keywords: { value: ["powershell", "mimikatz"], all: true } })).toBe(false);
  });
});

describe("boolean tree", () => {
  const yes: Condition = { field: "EventID", value: 1 };
  const no: Condition = { field: "EventID", value: 4688 };

  it("combines all, any, not and n of", () => {
    expect(matches({ all: [yes, { not: no }] })).toBe(true);
    expect(matches({ any: [no, { not: yes }] })).toBe(false);
    expect(matches({ of: [yes, no, yes], at_least: 2 })).toBe(true);
    expect(matches({ of: [yes, no, no], at_least: 2 })).toBe(false);
    expect(matches({ all: [] })).toBe(true);
    expect(matches({ any: [] })).toBe(false);
  });
});
