import type { Condition } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { applyExceptions, conditionFromEvents, usableExceptions } from "./conditions/exceptions.ts";
import { evaluateEvent, RuleSet } from "./engine-core.ts";
import { MemoryWindowStore } from "./state/memory-store.ts";
import { makeEvent, makeRule } from "./test-support.ts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

const backupServer: Condition = { field: "source_ip", value: "10.0.0.9" };
const serviceAccount: Condition = { field: "username", op: "startswith", value: "svc-" };

/** The rule fired at which events (by index), evaluated in order with a fresh store. */
async function firedAt(rule: DetectionRule, events: DetectionEvent[]) {
  const set = RuleSet.from([rule]);
  expect(set.rejected).toEqual([]);
  const store = new MemoryWindowStore();
  const fired: { at: number; count: number }[] = [];
  for (const [at, event] of events.entries())
    for (const firing of (await evaluateEvent(set, event, store)).firings)
      fired.push({ at, count: firing.matched_event_count });
  return fired;
}

const threshold = makeRule({
  rule_type: "threshold",
  conditions: {
    event_filter: { event_type: "login_failure" },
    threshold: 3,
    window_seconds: 60,
    group_by: "",
  },
});

describe("exceptions in the prepared condition", () => {
  it("threshold: an excepted event is not matched nor counted in the window", async () => {
    const events = [
      makeEvent(1, { source_ip: "10.0.0.9" }),
      makeEvent(2, { source_ip: "10.0.0.1" }),
      makeEvent(3, { source_ip: "10.0.0.9" }),
      makeEvent(4, { source_ip: "10.0.0.2" }),
      makeEvent(5, { source_ip: "10.0.0.9" }),
      makeEvent(6, { source_ip: "10.0.0.3" }),
    ];
    // Without the exception the third event fires; with it only the three others count, so the sixth.
    expect(await firedAt(threshold, events)).toEqual([{ at: 2, count: 3 }]);
    expect(await firedAt(applyExceptions(threshold, [backupServer]), events)).toEqual([{ at: 5, count: 3 }]);
  });

  it("aggregation: an excepted event's value is not among the distinct values", async () => {
    const rule = makeRule({
      rule_type: "aggregation",
      conditions: {
        event_filter: { event_type: "login_failure" },
        aggregation_field: "username",
        threshold: 3,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    const events = ["alice", "svc-backup", "bob", "svc-scan", "carol"].map((username, i) =>
      makeEvent(i, { username }),
    );
    expect(await firedAt(rule, events)).toEqual([{ at: 2, count: 3 }]);
    expect(await firedAt(applyExceptions(rule, [serviceAccount]), events)).toEqual([{ at: 4, count: 3 }]);
  });

  it("sequence: an exception applies to every step", async () => {
    const rule = applyExceptions(
      makeRule({
        rule_type: "sequence",
        conditions: {
          steps: [
            { event_filter: { event_type: "login_failure" } },
            { event_filter: { event_type: "login_success" } },
          ],
          window_seconds: 600,
          group_by: "source_ip",
        },
      }),
      [{ field: "hostname", value: "backup-01" }],
    );
    const fail = (s: number, hostname: string) => makeEvent(s, { event_type: "login_failure", hostname });
    const success = (s: number, hostname: string) => makeEvent(s, { event_type: "login_success", hostname });
    // First step excepted, then second step excepted: nothing; both steps on another host: fires.
    expect(await firedAt(rule, [fail(1, "backup-01"), success(2, "pc-01")])).toEqual([]);
    expect(await firedAt(rule, [fail(1, "pc-01"), success(2, "backup-01")])).toEqual([]);
    expect(await firedAt(rule, [fail(1, "pc-01"), success(2, "backup-01"), success(3, "pc-01")])).toEqual([
      { at: 2, count: 2 },
    ]);
  });

  it("several exceptions: any of them hides the event; the rule's own filter still applies", async () => {
    const rule = makeRule({
      rule_type: "threshold",
      conditions: {
        event_filter: { all: [{ field: "event_type", value: "login_failure" }] },
        threshold: 1,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    const excepted = applyExceptions(rule, [backupServer, serviceAccount]);
    expect(await firedAt(excepted, [makeEvent(1, { source_ip: "10.0.0.9" })])).toEqual([]);
    expect(await firedAt(excepted, [makeEvent(1, { username: "svc-x" })])).toEqual([]);
    expect(await firedAt(excepted, [makeEvent(1, { event_type: "login_success" })])).toEqual([]);
    expect(await firedAt(excepted, [makeEvent(1, {})])).toEqual([{ at: 0, count: 1 }]);
  });

  it("leaves a rule without exceptions as it is, so the engine keeps its compiled detector", () => {
    expect(applyExceptions(threshold, [])).toBe(threshold);
    const other = { ...threshold, id: "rule-2" };
    const first = RuleSet.from([threshold, other]);
    const next = RuleSet.from([applyExceptions(threshold, [backupServer]), other], first);
    const detector = (set: RuleSet, id: string) => set.detectors.find((d) => d.rule_id === id);
    expect(detector(next, "rule-2")).toBe(detector(first, "rule-2"));
    expect(detector(next, "rule-1")).not.toBe(detector(first, "rule-1"));
  });
});

describe("usableExceptions", () => {
  it("replaces placeholders and leaves out an exception that no longer compiles", () => {
    const withPlaceholder: Condition = { field: "hostname", value: "%backup_hosts%", expand: true };
    const values = new Map([["backup_hosts", ["bk-1", "bk-2"]]]);
    expect(usableExceptions([{ condition: withPlaceholder }], values)).toEqual([
      { field: "hostname", value: ["bk-1", "bk-2"] },
    ]);
    expect(
      usableExceptions([{ condition: withPlaceholder }, { condition: { source_ip: "10.0.0.9" } }], new Map()),
    ).toEqual([{ all: [{ field: "source_ip", value: "10.0.0.9", cased: true }] }]);
  });
});

describe("conditionFromEvents", () => {
  it("tests each field for the values the events hold, and names fields none of them has", () => {
    const events = [
      makeEvent(1, { source_ip: "10.0.0.9", normalized: { Image: "C:\\bk.exe" } }),
      makeEvent(2, { source_ip: "10.0.0.8", normalized: { Image: "C:\\bk.exe" } }),
    ];
    expect(conditionFromEvents(events, ["source_ip", "Image"])).toEqual({
      condition: {
        all: [
          { field: "source_ip", value: ["10.0.0.9", "10.0.0.8"] },
          { field: "Image", value: "C:\\bk.exe" },
        ],
      },
      missing: [],
    });
    expect(conditionFromEvents(events, ["dest_ip"]).missing).toEqual(["dest_ip"]);
  });
});
