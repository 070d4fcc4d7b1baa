import { RuleCreateSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { backtest } from "./backtest.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { makeEvent } from "./test-support.ts";

const parsed = DEFAULT_RULES.map((rule) => RuleCreateSchema.parse(rule));

describe("default rule pack", () => {
  it("is valid, with unique names, ATT&CK ids, a 300 s cooldown and a log action on each rule", () => {
    expect(parsed).toHaveLength(30);
    expect(new Set(parsed.map((rule) => rule.name)).size).toBe(30);
    for (const rule of parsed) {
      expect(rule.mitre_tactic).toMatch(/^TA\d{4}$/);
      expect(rule.mitre_technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(rule).toMatchObject({
        enabled: true,
        cooldown_seconds: 300,
        actions: [{ type: "log", config: {} }],
      });
    }
  });

  it("detects an SSH brute force followed by a success", async () => {
    const sshFailure = (seconds: number) =>
      makeEvent(seconds, { source_ip: "203.0.113.7", normalized: { service: "sshd" } });
    const events = [
      ...Array.from({ length: 10 }, (_, i) => sshFailure(i)),
      makeEvent(12, { source_ip: "203.0.113.7", event_type: "login_success" }),
    ];
    const fired: string[] = [];
    for (const [index, rule] of parsed.entries()) {
      const result = await backtest({ ...rule, id: `default-${index}` }, events);
      if (result.alerts_would_fire > 0) fired.push(rule.name);
    }
    expect(fired.sort()).toEqual(["Brute Force Then Success", "Multiple Failed Logins", "SSH Brute Force"]);
  });
});
