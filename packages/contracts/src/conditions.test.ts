import { describe, expect, it } from "vitest";
import { ConditionTreeSchema, isConditionNode, MAX_CONDITION_DEPTH } from "./conditions.ts";
import { RuleCreateSchema } from "./rules.ts";

/** The dotted paths and messages of a failed parse. */
function issues(input: unknown): string[] {
  const result = ConditionTreeSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("ConditionTreeSchema", () => {
  it("accepts every node kind, nested", () => {
    const tree = {
      all: [
        { field: "EventID", value: [4688, 1] },
        {
          any: [{ field: "Image", op: "endswith", value: "\\cmd.exe" }, { keywords: { value: "mimikatz" } }],
        },
        { not: { field: "CommandLine", op: "contains", value: ["-enc", "/enc"], transforms: ["windash"] } },
        {
          of: [
            { field: "a", op: "exists", value: true },
            { field: "b", value: null },
          ],
          at_least: 1,
        },
        { field: "DestinationIp", op: "cidr", value: ["10.0.0.0/8", "fd00::/8"] },
        { field: "CommandLine", op: "re", value: "^a.*b$", flags: "is" },
      ],
    };
    expect(ConditionTreeSchema.parse(tree)).toEqual(tree);
  });

  it("names the exact part that is wrong", () => {
    expect(
      issues({
        all: [
          { field: "a", value: 1 },
          { field: "b", op: "like", value: "x" },
        ],
      }),
    ).toEqual([expect.stringMatching(/^all\.1\.op: /)]);
    expect(issues({ any: [{ field: "a", value: 1, extra: true }] })).toEqual([
      expect.stringMatching(/^any\.0: .*extra/),
    ]);
    expect(issues({ field: "a", op: "re", value: "x", flags: "g" })).toEqual([
      expect.stringMatching(/^flags: /),
    ]);
    expect(issues({ nothing: 1 })).toEqual([expect.stringMatching(/must be a condition/)]);
    expect(issues({ field: "", value: 1 })).toEqual([expect.stringMatching(/^field: /)]);
  });

  it("refuses a tree nested deeper than the limit without overflowing", () => {
    let deep: unknown = { field: "a", value: 1 };
    for (let level = 0; level < 100_000; level++) deep = { not: deep };
    expect(issues(deep)).toEqual([expect.stringMatching(`deeper than ${MAX_CONDITION_DEPTH}`)]);
  });

  it("tells a tree node from a legacy field → value filter", () => {
    expect(isConditionNode({ field: "x", value: 1 })).toBe(true);
    expect(isConditionNode({ event_type: "login_failure" })).toBe(false);
    expect(isConditionNode({})).toBe(false);
  });
});

describe("rules with a condition tree", () => {
  const rule = (conditions: Record<string, unknown>) =>
    RuleCreateSchema.safeParse({ name: "r", severity: "high", rule_type: "threshold", conditions });

  it("takes a tree or a legacy filter as event_filter, several group-by fields and across_sites", () => {
    const parsed = rule({
      event_filter: { any: [{ field: "event_type", value: "login_failure" }] },
      threshold: 5,
      window_seconds: 60,
      group_by: ["source_ip", "TargetUserName"],
    });
    expect(parsed.success && parsed.data.conditions).toMatchObject({ across_sites: false });
    expect(rule({ event_filter: { event_type: "x" }, threshold: 1, window_seconds: 1 }).success).toBe(true);
  });

  it("reports a tree's error under conditions.event_filter", () => {
    const parsed = rule({ event_filter: { all: [{ field: "a" }] }, threshold: 1, window_seconds: 1 });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."))).toEqual([
      "conditions.event_filter.all.0.value",
    ]);
  });
});
