import { describe, expect, it } from "vitest";
import { type ReferencedRule, referencedRuleIds, resolveRuleReferences } from "./references.ts";

const id = (n: number) => `0190f0e0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const stored: ReferencedRule[] = [
  {
    id: id(1),
    name: "failed login",
    rule_type: "threshold",
    conditions: { event_filter: { event_type: "login_failure" } },
  },
  {
    id: id(2),
    rule_type: "aggregation",
    conditions: { event_filter: { any: [{ rule: id(1) }, { field: "EventID", value: 4625 }] } },
  },
  { id: id(3), name: "brute force then success", rule_type: "sequence", conditions: { steps: [] } },
  { id: id(4), rule_type: "threshold", conditions: { event_filter: { rule: id(5) } } },
  { id: id(5), rule_type: "threshold", conditions: { event_filter: { not: { rule: id(4) } } } },
];
const lookup = (wanted: string) => stored.find((rule) => rule.id === wanted);
const correlation = (conditions: Record<string, unknown>) => ({ id: id(9), conditions });

describe("rule references", () => {
  it("resolve into the referenced filters, through other references, in filters and steps", () => {
    const resolved = resolveRuleReferences(
      correlation({
        event_filter: { all: [{ rule: id(2) }, { field: "hostname", value: "pc" }] },
        steps: [{ event_filter: { rule: id(1) }, count: 10 }],
      }),
      lookup,
    );
    const failed = { all: [{ field: "event_type", value: "login_failure", cased: true }] };
    expect(resolved.conditions).toEqual({
      event_filter: {
        all: [{ any: [failed, { field: "EventID", value: 4625 }] }, { field: "hostname", value: "pc" }],
      },
      steps: [{ event_filter: failed, count: 10 }],
    });
  });

  it("name the reference that cannot be read", () => {
    const fails = (conditions: Record<string, unknown>) => () =>
      resolveRuleReferences(correlation(conditions), lookup);
    expect(fails({ event_filter: { any: [{ rule: id(7) }] } })).toThrow(
      `event_filter.any.0.rule: references rule ${id(7)}, which does not exist`,
    );
    expect(fails({ event_filter: { rule: id(3) } })).toThrow(
      `event_filter.rule: rule "brute force then success" (${id(3)}) is a sequence: only a rule with one event filter can be referenced`,
    );
    expect(fails({ steps: [{ event_filter: {} }, { event_filter: { rule: id(4) } }] })).toThrow(
      `steps.1.event_filter.rule: rule references loop back to rule ${id(4)}`,
    );
    expect(() =>
      resolveRuleReferences({ id: id(1), conditions: { event_filter: { rule: id(1) } } }, lookup),
    ).toThrow(/loop back/);
  });

  it("list the ids a rule references directly", () => {
    expect(referencedRuleIds({ event_filter: { not: { any: [{ rule: id(1) }, { rule: id(2) }] } } })).toEqual(
      [id(1), id(2)],
    );
    expect(
      referencedRuleIds({
        steps: [{ event_filter: { rule: id(3) } }, { event_filter: { event_type: "x" } }],
      }),
    ).toEqual([id(3)]);
  });
});
