import { describe, expect, it } from "vitest";
import {
  EventFilterSchema,
  mergeRuleUpdate,
  RuleActionSchema,
  type RuleCreateInput,
  RuleCreateSchema,
  RuleUpdateSchema,
} from "./rules.ts";

const thresholdRule: RuleCreateInput = {
  name: "Multiple Failed Logins",
  rule_type: "threshold",
  severity: "high",
  conditions: {
    event_filter: { event_type: "login_failure" },
    threshold: 5,
    window_seconds: 300,
    group_by: "source_ip",
  },
};

/** The dotted paths of a failed parse, the way the API reports them in `details[].field`. */
function issuePaths(input: unknown): string[] {
  const result = RuleCreateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

describe("RuleCreateSchema", () => {
  it("applies the defaults", () => {
    const rule = RuleCreateSchema.parse(thresholdRule);
    expect(rule).toMatchObject({ enabled: true, cooldown_seconds: 300, actions: [] });
  });

  it("defaults group_by to one global group and step counts to 1", () => {
    const rule = RuleCreateSchema.parse({
      ...thresholdRule,
      rule_type: "sequence",
      conditions: {
        steps: [{ event_filter: { event_type: "a" } }, { event_filter: {} }],
        window_seconds: 60,
      },
    });
    expect(rule.rule_type === "sequence" && rule.conditions).toEqual({
      steps: [
        { event_filter: { event_type: "a" }, count: 1 },
        { event_filter: {}, count: 1 },
      ],
      window_seconds: 60,
      group_by: "",
      across_sites: false,
    });
  });

  it("checks conditions against the rule type and reports them under conditions.*", () => {
    expect(issuePaths({ ...thresholdRule, rule_type: "aggregation" }).sort()).toEqual([
      "conditions.aggregation_field",
    ]);
    expect(
      issuePaths({ ...thresholdRule, conditions: { ...thresholdRule.conditions, threshold: 0 } }),
    ).toEqual(["conditions.threshold"]);
    expect(
      issuePaths({ ...thresholdRule, conditions: { ...thresholdRule.conditions, window_seconds: 86_401 } }),
    ).toEqual(["conditions.window_seconds"]);
  });

  it("rejects unknown condition keys, so a typo is not silently dropped", () => {
    expect(
      issuePaths({ ...thresholdRule, conditions: { ...thresholdRule.conditions, groupby: "x" } }),
    ).toEqual(["conditions"]);
  });

  it("rejects sequences of fewer than two or more than ten steps", () => {
    const step = { event_filter: {}, count: 1 };
    const sequence = (steps: unknown[]) => ({
      ...thresholdRule,
      rule_type: "sequence",
      conditions: { steps, window_seconds: 60, group_by: "" },
    });
    expect(issuePaths(sequence([step]))).toEqual(["conditions.steps"]);
    expect(issuePaths(sequence(Array(11).fill(step)))).toEqual(["conditions.steps"]);
    expect(issuePaths(sequence([step, { ...step, count: 0 }]))).toEqual(["conditions.steps.1.count"]);
  });

  it("rejects unknown filter fields, group_by and aggregation fields with their path", () => {
    const conditions = {
      ...thresholdRule.conditions,
      event_filter: { "other.x": 1, "normalized.service": "sshd" },
    };
    expect(issuePaths({ ...thresholdRule, conditions })).toEqual(["conditions.event_filter.other.x"]);
    expect(
      issuePaths({ ...thresholdRule, conditions: { ...thresholdRule.conditions, group_by: "a\nb" } }),
    ).toEqual(["conditions.group_by"]);
    const aggregation = {
      ...thresholdRule,
      rule_type: "aggregation",
      conditions: { event_filter: {}, aggregation_field: "", threshold: 3, window_seconds: 60 },
    };
    expect(issuePaths(aggregation)).toEqual(["conditions.aggregation_field"]);
  });

  it("rejects an unknown rule type, a missing name and a bad severity", () => {
    expect(issuePaths({ ...thresholdRule, rule_type: "sigma" })).toEqual(["rule_type"]);
    expect(issuePaths({ ...thresholdRule, name: "  ", severity: "urgent" }).sort()).toEqual([
      "name",
      "severity",
    ]);
    expect(issuePaths({ ...thresholdRule, cooldown_seconds: -1 })).toEqual(["cooldown_seconds"]);
  });
});

describe("EventFilterSchema", () => {
  it("accepts scalars, top-level fields and dotted normalized/metadata keys", () => {
    const filter = {
      dest_port: 22,
      "normalized.service": "sshd",
      "metadata.agent.id": null,
      source_ip: "10.0.0.1",
    };
    expect(EventFilterSchema.parse(filter)).toEqual(filter);
  });

  it("rejects objects as values and too many fields", () => {
    expect(EventFilterSchema.safeParse({ event_type: { $ne: 1 } }).success).toBe(false);
    const wide = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`metadata.k${i}`, i]));
    expect(EventFilterSchema.safeParse(wide).success).toBe(false);
  });
});

describe("RuleActionSchema", () => {
  it("accepts each action type and gives log an empty config", () => {
    expect(RuleActionSchema.parse({ type: "log" })).toEqual({ type: "log", config: {} });
    const email = { type: "email", config: { recipients: ["soc@example.org"] } };
    expect(RuleActionSchema.parse(email)).toEqual(email);
    const webhook = {
      type: "webhook",
      config: { url: "https://hooks.example.org/x", secret: "s", headers: { "X-A": "1" } },
    };
    expect(RuleActionSchema.parse(webhook)).toEqual(webhook);
  });

  it.each([
    [{ type: "sms", config: {} }, "type"],
    [{ type: "email", config: { recipients: [] } }, "config.recipients"],
    [{ type: "email", config: { recipients: ["not-an-address"] } }, "config.recipients.0"],
    [{ type: "webhook", config: { url: "ftp://example.org" } }, "config.url"],
    [{ type: "webhook", config: { url: "javascript:alert(1)" } }, "config.url"],
    [
      { type: "webhook", config: { url: "https://example.org", headers: { "Bad Header": "x" } } },
      "config.headers.Bad Header",
    ],
  ])("rejects %j at %s", (action, path) => {
    const result = RuleActionSchema.safeParse(action);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});

describe("rule updates", () => {
  it("rejects an empty patch and accepts a partial one without applying defaults", () => {
    expect(RuleUpdateSchema.safeParse({}).success).toBe(false);
    expect(RuleUpdateSchema.parse({ name: "x" })).toEqual({ name: "x" });
  });

  it("revalidates the merged rule, so a type change needs matching conditions", () => {
    const stored = RuleCreateSchema.parse(thresholdRule);
    const typeOnly = mergeRuleUpdate(stored, RuleUpdateSchema.parse({ rule_type: "aggregation" }));
    expect(typeOnly.success).toBe(false);
    expect(typeOnly.error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "conditions.aggregation_field",
    ]);
    const renamed = mergeRuleUpdate(stored, { enabled: false });
    expect(renamed.success && renamed.data.enabled).toBe(false);
  });
});
