import { RuleCreateSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { backtest } from "./backtest.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { makeEvent } from "./test-support.ts";

const parsed = DEFAULT_RULES.map((rule) => RuleCreateSchema.parse(rule));

describe("default rule pack", () => {
  it("is valid, with unique names, ATT&CK ids, what to do, a 300 s cooldown and a log action on each rule", () => {
    expect(parsed.length).toBeGreaterThanOrEqual(30);
    expect(new Set(parsed.map((rule) => rule.name)).size).toBe(parsed.length);
    for (const rule of parsed) {
      expect(rule.mitre_tactic).toMatch(/^TA\d{4}$/);
      expect(rule.mitre_technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      // What the rule saw, then the analyst's next step (issue 16: a one-line "what to do" on each).
      expect(rule.description, rule.name).toMatch(/^.+\. What to do: .+\.$/s);
      // Only the USB rule is opt-in (site policy decides whether removable media are an incident).
      expect(rule.enabled, rule.name).toBe(rule.name !== "USB Device Connected");
      expect(rule).toMatchObject({
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

  it("counts password guessing by attempt and by remote host, whatever the lines per attempt", async () => {
    const guessing = parsed.find((rule) => rule.name === "Password Guessing")!;
    // Each connection (one sshd process) logs three failure lines; the client is known by its name only.
    const attempt = (connection: number, second: number) =>
      [0, 1, 2].map((line) =>
        makeEvent(second + line / 10, {
          source_ip: null,
          metadata: { attempt_id: `bastion/sshd[${4000 + connection}]`, remote_host: "scanner.example.net" },
        }),
      );
    const four = Array.from({ length: 4 }, (_, i) => attempt(i, i * 20)).flat();
    expect((await backtest({ ...guessing, id: "g" }, four)).alerts_would_fire).toBe(0);
    const five = Array.from({ length: 5 }, (_, i) => attempt(i, i * 20)).flat();
    expect((await backtest({ ...guessing, id: "g" }, five)).alerts_would_fire).toBe(1);
  });
});
