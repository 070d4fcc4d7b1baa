import type { Condition } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { requirementsOf } from "./conditions/requirements.ts";
import { RuleSet } from "./engine-core.ts";
import { makeEvent, makeRule } from "./test-support.ts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

const rule = (id: string, event_filter: unknown): DetectionRule =>
  makeRule({
    id,
    rule_type: "threshold",
    conditions: { event_filter: event_filter as Condition, threshold: 1, window_seconds: 60 },
  });

/** Sigma's process_creation logsource as the importer writes it: Sysmon 1 or Security 4688. */
const processCreation: Condition = {
  any: [
    {
      all: [
        { field: "Channel", value: "Microsoft-Windows-Sysmon/Operational" },
        { field: "EventID", value: 1 },
      ],
    },
    {
      all: [
        { field: "Channel", value: "Security" },
        { field: "EventID", value: 4688 },
      ],
    },
  ],
};

describe("requirementsOf", () => {
  it("keeps what every branch requires, and nothing from parts it cannot reason about", () => {
    const required = requirementsOf({
      all: [processCreation, { field: "Image", op: "endswith", value: "\\cmd.exe" }],
    });
    expect(Object.fromEntries([...required].map(([field, values]) => [field, [...values].sort()]))).toEqual({
      Channel: ["microsoft-windows-sysmon/operational", "security"],
      EventID: ["1", "4688"],
    });
    expect(requirementsOf({ not: { field: "EventID", value: 1 } }).size).toBe(0);
    expect(requirementsOf({ any: [{ field: "EventID", value: 1 }, { keywords: { value: "x" } }] }).size).toBe(
      0,
    );
    expect(requirementsOf({ field: "EventID", op: "neq", value: 1 }).size).toBe(0);
  });
});

describe("RuleIndex", () => {
  const rules = [
    rule("legacy", { event_type: "login_failure" }),
    rule("sysmon", { all: [processCreation, { field: "CommandLine", op: "contains", value: "-enc" }] }),
    rule("dns", {
      all: [
        { field: "source_type", value: "dns" },
        { field: "normalized.query", op: "endswith", value: ".evil" },
      ],
    }),
    rule("everything", { keywords: { value: "mimikatz" } }),
    rule("cased", { event_type: "Login_Failure" }),
  ];
  const set = RuleSet.from(rules);
  const offered = (event: DetectionEvent) => set.index.candidates(event).map((detector) => detector.rule_id);

  it("offers an event only the rules filed under its values, plus the unindexed ones, in rule order", () => {
    expect(offered(makeEvent(0))).toEqual(["legacy", "everything", "cased"]);
    const process = makeEvent(0, {
      event_type: "process_creation",
      normalized: { EventID: "4688", Channel: "Security" },
    });
    expect(offered(process)).toEqual(["sysmon", "everything"]);
    expect(offered(makeEvent(0, { source_type: "dns", event_type: "dns_query" }))).toEqual([
      "dns",
      "everything",
    ]);
    expect(set.index.unindexedCount).toBe(1);
  });

  it("never leaves out a rule that matches: the index agrees with testing every rule", () => {
    const events = [
      makeEvent(0),
      makeEvent(1, { event_type: "LOGIN_FAILURE" }),
      makeEvent(2, {
        event_type: "process_creation",
        normalized: { EventID: 1, Channel: "microsoft-windows-sysmon/operational", CommandLine: "x -ENC y" },
      }),
      makeEvent(3, { source_type: "dns", normalized: { query: "a.EVIL" } }),
      makeEvent(4, { message: "mimikatz sekurlsa", normalized: { EventID: [1, 4688] } }),
    ];
    for (const event of events) {
      const matching = set.detectors.filter((detector) => detector.accepts(event)).map((d) => d.rule_id);
      const indexed = set.index
        .candidates(event)
        .filter((detector) => detector.accepts(event))
        .map((d) => d.rule_id);
      expect(indexed).toEqual(matching);
    }
  });
});
