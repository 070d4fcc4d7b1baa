import type { Rule } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { emptyRuleForm, fromRule, toRuleCreate } from "./ruleForm.ts";

const TREE = { all: [{ field: "username", value: "bob" }, { keywords: { value: "sshd" } }] };

describe("rule form: the rule's own filter as a condition tree", () => {
  it("a stored tree is edited as JSON text and saved back as the same tree", () => {
    const rule = {
      name: "Tree",
      rule_type: "threshold",
      severity: "high",
      enabled: true,
      cooldown_seconds: 300,
      actions: [],
      conditions: { event_filter: TREE, threshold: 1, window_seconds: 60, group_by: "" },
    } as unknown as Rule;
    const state = fromRule(rule);
    expect(state.event_filter).toEqual([]);
    expect(JSON.parse(state.event_condition)).toEqual(TREE);
    expect(toRuleCreate(state).conditions).toMatchObject({ event_filter: TREE, threshold: 1 });
  });

  it("without a tree the rows are the filter; unreadable JSON goes as text for the schema to name", () => {
    const rows = { ...emptyRuleForm(), event_filter: [{ field: "event_type", value: "x" }] };
    expect(toRuleCreate(rows).conditions).toMatchObject({ event_filter: { event_type: "x" } });
    const broken = { ...emptyRuleForm(), event_condition: "{not json" };
    expect(toRuleCreate(broken).conditions).toMatchObject({ event_filter: "{not json" });
  });
});
