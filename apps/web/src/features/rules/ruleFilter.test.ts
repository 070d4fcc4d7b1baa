import type { Rule } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { filterRules } from "./ruleFilter.ts";

const base = {
  description: null,
  mitre_tactic: null,
  mitre_technique: null,
  mitre_tactics: [],
  mitre_techniques: [],
  sigma: null,
  enabled: true,
  severity: "high",
} as const;
const rule = (id: string, extra: Partial<Rule>) => ({ ...base, id, name: id, ...extra }) as unknown as Rule;

const rules = [
  rule("Brute force SSH", { description: "Many failed logins", mitre_technique: "T1110" }),
  rule("USB device", { severity: "low", enabled: false }),
  rule("Whoami all", {
    sigma: {
      id: "abc-123",
      author: "Florian Roth",
      tags: ["attack.discovery"],
      logsource: { product: "windows" },
    },
  } as Partial<Rule>),
];
const names = (filter: Parameters<typeof filterRules>[1]) => filterRules(rules, filter).map((r) => r.name);

describe("filterRules", () => {
  it("keeps every rule without a filter", () => {
    expect(names({})).toEqual(["Brute force SSH", "USB device", "Whoami all"]);
  });
  it("finds words in any case, all of them, in the name, description, ATT&CK and Sigma origin", () => {
    expect(names({ q: "FAILED logins" })).toEqual(["Brute force SSH"]);
    expect(names({ q: "t1110" })).toEqual(["Brute force SSH"]);
    expect(names({ q: "roth windows" })).toEqual(["Whoami all"]);
    expect(names({ q: "roth ssh" })).toEqual([]);
  });
  it("narrows by severity, state and origin", () => {
    expect(names({ severity: "low" })).toEqual(["USB device"]);
    expect(names({ state: "disabled" })).toEqual(["USB device"]);
    expect(names({ state: "enabled", origin: "sigma" })).toEqual(["Whoami all"]);
    expect(names({ origin: "vigie" })).toEqual(["Brute force SSH", "USB device"]);
  });
});
