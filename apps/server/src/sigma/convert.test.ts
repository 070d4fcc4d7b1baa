import { type Condition, ConditionTreeSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { convertSigmaRule } from "./convert.ts";
import { SHIPPED_PIPELINES } from "./pipelines/index.ts";
import { readSigmaFile, type SigmaDetectionRule } from "./rule.ts";
import { toCondition } from "./to-condition.ts";

const read = (detection: string, header = "logsource: {product: windows, category: process_creation}\n") => {
  const { rules, issues } = readSigmaFile(
    `title: T\nstatus: test\nlevel: critical\n${header}detection:\n${detection}`,
    "t.yml",
  );
  expect(issues).toEqual([]);
  return rules[0] as SigmaDetectionRule;
};
const tree = (detection: string) => toCondition(read(detection).detection);

describe("Sigma tests as conditions", () => {
  it("keep plain values literal and turn wildcards into wildcard patterns", () => {
    expect(tree("  s: {Image: ['C:\\\\a\\*.exe', 'x*.exe']}\n  condition: s\n")).toEqual({
      any: [
        { field: "Image", op: "eq", value: "C:\\a*.exe" },
        { field: "Image", op: "wildcard", value: "x*.exe" },
      ],
    });
  });

  it("write contains/startswith/endswith with wildcards as patterns", () => {
    expect(tree("  s: {CommandLine|contains: 'a*b'}\n  condition: s\n")).toEqual({
      field: "CommandLine",
      op: "wildcard",
      value: "*a*b*",
    });
    expect(tree("  s: {Image|endswith: '\\\\x.exe'}\n  condition: s\n")).toEqual({
      field: "Image",
      op: "endswith",
      value: "\\x.exe",
    });
  });

  it("spell |all as one test per value", () => {
    expect(tree("  s: {CommandLine|contains|all: [a, b]}\n  condition: s\n")).toEqual({
      all: [
        { field: "CommandLine", op: "contains", value: "a" },
        { field: "CommandLine", op: "contains", value: "b" },
      ],
    });
  });

  it.each([
    ["Payload|re|i|s: '^a.+b$'", { field: "Payload", op: "re", value: "^a.+b$", flags: "is" }],
    [
      "DestinationIp|cidr: [10.0.0.0/8, 'fe80::/10']",
      { field: "DestinationIp", op: "cidr", value: ["10.0.0.0/8", "fe80::/10"] },
    ],
    ["Level|gte: 3", { field: "Level", op: "gte", value: 3 }],
    ["Hashes|exists: false", { field: "Hashes", op: "exists", value: false }],
    ["User|neq: SYSTEM", { field: "User", op: "neq", value: "SYSTEM" }],
    ["Image|cased: Cmd.exe", { field: "Image", op: "eq", value: "Cmd.exe", cased: true }],
    [
      "CommandLine|base64offset|contains: 'http://'",
      { field: "CommandLine", op: "contains", value: "http://", transforms: ["base64offset"] },
    ],
    [
      "CommandLine|windash|contains: ' -enc '",
      { field: "CommandLine", op: "contains", value: " -enc ", transforms: ["windash"] },
    ],
    [
      "CommandLine|wide|base64offset|contains: ping",
      { field: "CommandLine", op: "contains", value: "ping", transforms: ["wide", "base64offset"] },
    ],
    [
      "SourceUser|fieldref: TargetUser",
      { field: "SourceUser", op: "eq", value: "TargetUser", fieldref: true },
    ],
    ["User|expand: '%Admins%'", { field: "User", op: "eq", value: "%Admins%", expand: true }],
    ["PasswordLastSet: null", { field: "PasswordLastSet", op: "eq", value: null }],
    ["UtcTime|hour|gte: 22", { field: "UtcTime", op: "gte", value: 22, date_part: "hour" }],
  ])("%s", (test, expected) => {
    const condition = tree(`  s:\n    ${test}\n  condition: s\n`);
    expect(condition).toEqual(expected);
    expect(ConditionTreeSchema.safeParse(condition).success).toBe(true);
  });

  it("search keywords in the text, all of them with |all", () => {
    expect(tree("  k: [mimikatz, 'sekurlsa::*']\n  condition: k\n")).toEqual({
      any: [{ keywords: { value: "mimikatz" } }, { keywords: { op: "wildcard", value: "*sekurlsa::**" } }],
    });
    expect(tree("  k:\n    '|all': [a, b]\n  condition: k\n")).toEqual({
      all: [{ keywords: { value: "a" } }, { keywords: { value: "b" } }],
    });
  });
});

describe("Sigma rules as Vigie rules", () => {
  it("read process_creation from Sysmon 1 and from Security 4688 under its own field names", () => {
    const converted = convertSigmaRule(
      read("  s: {Image|endswith: '\\\\whoami.exe'}\n  condition: s\n"),
      SHIPPED_PIPELINES,
    );
    expect(converted.sources).toEqual(["Sysmon 1", "Security 4688"]);
    expect(converted.rule).toMatchObject({ severity: "critical", enabled: true, rule_type: "threshold" });
    expect(converted.rule.conditions).toMatchObject({ threshold: 1, group_by: "" });
    expect((converted.rule.conditions as { event_filter: unknown }).event_filter).toEqual({
      any: [
        {
          all: [
            {
              all: [
                { field: "Channel", op: "eq", value: "Microsoft-Windows-Sysmon/Operational" },
                { field: "EventID", op: "eq", value: 1 },
              ],
            },
            { field: "Image", op: "endswith", value: "\\whoami.exe" },
          ],
        },
        {
          all: [
            {
              all: [
                { field: "Channel", op: "eq", value: "Security" },
                { field: "EventID", op: "eq", value: 4688 },
              ],
            },
            { field: "NewProcessName", op: "endswith", value: "\\whoami.exe" },
          ],
        },
      ],
    });
  });

  it("keep a rule without a matching source, disabled and saying why", () => {
    const converted = convertSigmaRule(
      read("  s: {eventName: X}\n  condition: s\n", "logsource: {product: aws, service: cloudtrail}\n"),
      SHIPPED_PIPELINES,
    );
    expect(converted.sources).toEqual([]);
    expect(converted.rule.enabled).toBe(false);
    expect(converted.rule.description).toContain("No matching source for logsource aws/-/cloudtrail");
  });

  it("take ATT&CK tactics and techniques from the tags", () => {
    const converted = convertSigmaRule(
      read(
        "  s: {a: 1}\n  condition: s\n",
        "tags: [attack.execution, attack.t1059.001, attack.defense-evasion, attack.t1027, cve.2021-1]\nlogsource: {category: proxy}\n",
      ),
      SHIPPED_PIPELINES,
    );
    expect([converted.tactics, converted.techniques]).toEqual([
      ["execution", "defense-evasion"],
      ["T1059.001", "T1027"],
    ]);
    expect(converted.rule).toMatchObject({ mitre_tactic: "execution", mitre_technique: "T1059.001" });
  });

  it("refuse deprecated rules", () => {
    const text =
      "title: Old\nstatus: deprecated\nlogsource: {category: proxy}\ndetection: {s: {a: 1}, condition: s}\n";
    const [rule] = readSigmaFile(text, "old.yml").rules;
    expect(() => convertSigmaRule(rule as SigmaDetectionRule, SHIPPED_PIPELINES)).toThrow(
      "the rule is deprecated",
    );
  });
});

describe("converted rules on events", () => {
  it("match Sysmon 1 and Security 4688 process starts, and nothing else", async () => {
    const { compileCondition } = await import("../detection/conditions/compile.ts");
    const { makeEvent } = await import("../detection/test-support.ts");
    const converted = convertSigmaRule(
      read(
        "  s:\n    Image|endswith: '\\\\whoami.exe'\n    CommandLine|contains|windash: ' /all'\n  condition: s\n",
      ),
      SHIPPED_PIPELINES,
    );
    const matches = compileCondition((converted.rule.conditions as { event_filter: Condition }).event_filter);
    const event = (normalized: Record<string, unknown>) =>
      makeEvent(0, { source_type: "endpoint", normalized });
    const sysmon = { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1 };
    expect(
      matches(event({ ...sysmon, Image: "C:\\Windows\\System32\\WHOAMI.EXE", CommandLine: "whoami -all" })),
    ).toBe(true);
    expect(
      matches(
        event({
          Channel: "Security",
          EventID: 4688,
          NewProcessName: "C:\\Windows\\System32\\whoami.exe",
          CommandLine: "whoami /all",
        }),
      ),
    ).toBe(true);
    expect(
      matches(
        event({ ...sysmon, Image: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /groups" }),
      ),
    ).toBe(false);
    expect(
      matches(
        event({
          ...sysmon,
          EventID: 3,
          Image: "C:\\Windows\\System32\\whoami.exe",
          CommandLine: "whoami /all",
        }),
      ),
    ).toBe(false);
  });
});
