import { describe, expect, it } from "vitest";
import { backtest } from "./backtest.ts";
import { InvalidRuleError } from "./evaluators/index.ts";
import { makeEvent, makeRule } from "./test-support.ts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

const rule = makeRule({
  rule_type: "threshold",
  enabled: false,
  cooldown_seconds: 60,
  conditions: {
    event_filter: { event_type: "login_failure" },
    threshold: 2,
    window_seconds: 30,
    group_by: "source_ip",
  },
});

/** Two bursts from one IP a cooldown apart, one burst inside the cooldown, and noise. */
function history(): DetectionEvent[] {
  return [
    makeEvent(0),
    makeEvent(1),
    makeEvent(2, { event_type: "login_success" }),
    makeEvent(10),
    makeEvent(11),
    makeEvent(100),
    makeEvent(101),
    makeEvent(102, { source_ip: "10.9.9.9" }),
  ];
}

describe("backtest", () => {
  it("replays events with event time and the rule's cooldown, even for a disabled rule", async () => {
    const events = history();
    const result = await backtest(rule, events);
    expect(result).toEqual({
      events_evaluated: 8,
      alerts_would_fire: 2,
      alerts: [
        {
          group_value: "AUDIO_001 / 10.0.0.1",
          matched_event_count: 2,
          matched_event_ids: [events[0]!.id, events[1]!.id],
        },
        {
          group_value: "AUDIO_001 / 10.0.0.1",
          matched_event_count: 2,
          matched_event_ids: [events[5]!.id, events[6]!.id],
        },
      ],
    });
  });

  it("reads an async stream the same way", async () => {
    async function* stream() {
      yield* history();
    }
    expect((await backtest(rule, stream())).alerts_would_fire).toBe(2);
  });

  it("starts from a fresh state on every run", async () => {
    const events = history();
    expect(await backtest(rule, events)).toEqual(await backtest(rule, events));
  });

  it("judges windows that close as the live engine does, and sequences in any order", async () => {
    const quiet = makeRule({
      rule_type: "threshold",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: "heartbeat" },
        bounds: { lt: 2 },
        window_seconds: 60,
        group_by: "hostname",
      },
    });
    const beat = (seconds: number, hostname: string) =>
      makeEvent(seconds, { event_type: "heartbeat", hostname });
    const events = [
      beat(0, "pc-01"),
      beat(5, "pc-02"),
      beat(30, "pc-02"),
      beat(70, "pc-03"),
      beat(140, "pc-03"),
    ];
    expect((await backtest(quiet, events)).alerts.map((alert) => alert.group_value)).toEqual([
      "AUDIO_001 / pc-01",
      "AUDIO_001 / pc-03",
    ]);
    const anyOrder = makeRule({
      rule_type: "sequence",
      conditions: {
        steps: [{ event_filter: { event_type: "a" } }, { event_filter: { event_type: "b" } }],
        ordered: false,
        window_seconds: 60,
        group_by: "",
      },
    });
    const backwards = [makeEvent(0, { event_type: "b" }), makeEvent(1, { event_type: "a" })];
    expect((await backtest(anyOrder, backwards)).alerts_would_fire).toBe(1);
  });

  it("rejects a rule whose conditions do not fit its type", async () => {
    const broken = { ...rule, conditions: { steps: [] } } as unknown as DetectionRule;
    await expect(backtest(broken, [])).rejects.toBeInstanceOf(InvalidRuleError);
  });
});
