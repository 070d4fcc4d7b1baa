import { describe, expect, it } from "vitest";
import { boundsFromAbove, describeBounds, lowestCount, withinBounds } from "./bounds.ts";
import { ConditionTreeSchema } from "./conditions.ts";
import { RuleCreateSchema } from "./rules.ts";

const base = { name: "Correlation", severity: "high" };
const threshold = (conditions: Record<string, unknown>) => ({
  ...base,
  rule_type: "threshold",
  conditions: { event_filter: { event_type: "login_failure" }, window_seconds: 60, ...conditions },
});
const aggregation = (conditions: Record<string, unknown>) => ({
  ...base,
  rule_type: "aggregation",
  conditions: { event_filter: {}, aggregation_field: "normalized.bytes", window_seconds: 60, ...conditions },
});
const sequence = (conditions: Record<string, unknown>) => ({
  ...base,
  rule_type: "sequence",
  conditions: {
    steps: [{ event_filter: { event_type: "a" } }, { event_filter: { event_type: "b" } }],
    window_seconds: 60,
    group_by: ["internal_ip"],
    ...conditions,
  },
});

/** Each issue as `path: message`. */
function issues(input: unknown): string[] {
  const result = RuleCreateSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("bounds", () => {
  it("hold every comparison at once", () => {
    expect([100, 101, 200, 201].map((n) => withinBounds({ gt: 100, lte: 200 }, n))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(withinBounds({ neq: 3 }, 3)).toBe(false);
    expect(withinBounds({ eq: 0.5 }, 0.5)).toBe(true);
  });

  it("tell bounds from above, the lowest count they allow, and read as a person writes them", () => {
    expect([{ gte: 5 }, { gt: 1 }, { lt: 5 }, { eq: 2 }, { neq: 0 }].map(boundsFromAbove)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect([{ gt: 2 }, { gte: 2 }, { gt: 2.5 }, { lt: 9 }].map(lowestCount)).toEqual([3, 2, 3, null]);
    expect(describeBounds({ gt: 100, lte: 200 })).toBe("> 100 and ≤ 200");
  });
});

describe("correlation options of the rule types", () => {
  it("take bounds instead of a threshold, exactly one of them", () => {
    expect(issues(threshold({ bounds: { gt: 100, lte: 200 } }))).toEqual([]);
    expect(issues(threshold({}))).toEqual([
      "conditions.threshold: give threshold (at least this many) or bounds",
    ]);
    expect(issues(threshold({ threshold: 3, bounds: { lt: 3 } }))).toEqual([
      "conditions.bounds: give threshold or bounds, not both",
    ]);
  });

  it("refuse bounds nothing satisfies, empty bounds, and counts no window can reach", () => {
    expect(issues(threshold({ bounds: { gt: 5, lt: 5 } }))).toEqual([
      "conditions.bounds: no value satisfies these bounds",
    ]);
    expect(issues(threshold({ bounds: { eq: 5, neq: 5 } }))).toHaveLength(1);
    expect(issues(threshold({ bounds: {} }))).toEqual([
      "conditions.bounds: give at least one of gt, gte, lt, lte, eq, neq",
    ]);
    expect(issues(threshold({ bounds: { gte: 10_001 } }))).toEqual([
      "conditions.bounds: a window keeps at most 10000 events: a higher count is never reached",
    ]);
    expect(issues(threshold({ bounds: { lt: 1e9 } }))).toEqual([]);
  });

  it("aggregate sums, averages, medians and shares with bounds; only distinct counts take a threshold", () => {
    for (const kind of ["sum", "avg", "median", "share"])
      expect(issues(aggregation({ aggregation: kind, bounds: { gt: 1_000_000 } }))).toEqual([]);
    expect(issues(aggregation({ aggregation: "sum", threshold: 5 }))).toEqual([
      "conditions.threshold: sum takes bounds",
    ]);
    expect(issues(aggregation({ threshold: 5 }))).toEqual([]);
    expect(issues(aggregation({ aggregation: "mode", threshold: 5 }))[0]).toMatch(/^conditions.aggregation/);
  });

  it("order sequences by default, and take steps_required and step aliases naming group-by fields", () => {
    const parsed = RuleCreateSchema.parse(sequence({}));
    expect(parsed.conditions).not.toHaveProperty("ordered");
    expect(issues(sequence({ ordered: false, steps_required: 1 }))).toEqual([]);
    expect(issues(sequence({ steps_required: 1 }))).toEqual([
      "conditions.steps_required: only for steps in any order (ordered: false)",
    ]);
    expect(issues(sequence({ ordered: false, steps_required: 3 }))).toEqual([
      "conditions.steps_required: more than the rule's steps",
    ]);
    const aliased = (aliases: Record<string, string>) =>
      sequence({ steps: [{ event_filter: {}, aliases }, { event_filter: {} }] });
    expect(issues(aliased({ internal_ip: "dest_ip" }))).toEqual([]);
    expect(issues(aliased({ remote_ip: "dest_ip" }))).toEqual([
      "conditions.steps.0.aliases.remote_ip: an alias must name one of the group_by fields",
    ]);
  });
});

describe("first-seen conditions", () => {
  const firstSeen = (conditions: Record<string, unknown>) => ({
    ...base,
    rule_type: "first_seen",
    conditions: {
      event_filter: { event_type: "vpn_tunnel_up" },
      fields: ["normalized.source_country"],
      group_by: "username",
      history_days: 30,
      ...conditions,
    },
  });

  it("take 1 to 3 fields, a history and a learning no longer than it, naming the bad field", () => {
    expect(issues(firstSeen({}))).toEqual([]);
    expect(issues(firstSeen({ learning_days: 0 }))).toEqual([]);
    expect(issues(firstSeen({ learning_days: 31 }))).toEqual([
      "conditions.learning_days: at most history_days: a value is only remembered that long",
    ]);
    expect(issues(firstSeen({ fields: ["username"] }))).toEqual([
      "conditions.fields.0: already in group_by: a group's own value is never new to it",
    ]);
    expect(issues(firstSeen({ fields: [] }))).toEqual([
      "conditions.fields: name at least one field whose value must be new",
    ]);
    expect(issues(firstSeen({ history_days: 366 }))[0]).toMatch(/^conditions.history_days/);
    expect(issues(firstSeen({ window_seconds: 60 }))[0]).toMatch(/^conditions: Unrecognized key/);
  });
});

describe("rule references", () => {
  it("name a rule by its id", () => {
    const id = "0190f0e0-0000-7000-8000-000000000001";
    expect(ConditionTreeSchema.parse({ any: [{ rule: id }] })).toEqual({ any: [{ rule: id }] });
    const bad = ConditionTreeSchema.safeParse({ rule: "failed_login" });
    expect(bad.error?.issues[0]?.message).toBe("must be a rule id (a UUID)");
    expect(ConditionTreeSchema.safeParse({ rule: id, extra: 1 }).success).toBe(false);
  });
});
