import { describe, expect, it } from "vitest";
import { evaluateEvent, RuleSet } from "./engine-core.ts";
import { MemoryWindowStore } from "./state/memory-store.ts";
import type { WindowStore } from "./state/window-store.ts";
import { makeEvent, makeRule } from "./test-support.ts";
import type { DetectionRule } from "./types.ts";

const threshold = (id: string, event_type: string, count: number, extra: Partial<DetectionRule> = {}) =>
  ({
    ...makeRule({
      id,
      rule_type: "threshold",
      conditions: {
        event_filter: { event_type },
        threshold: count,
        window_seconds: 60,
        group_by: "source_ip",
      },
    }),
    ...extra,
  }) as DetectionRule;

/** A store that counts how often it is used. */
class CountingStore extends MemoryWindowStore {
  calls = 0;
  override async getCooldownUntil(key: string) {
    this.calls++;
    return super.getCooldownUntil(key);
  }
}

describe("RuleSet", () => {
  it("compiles the enabled rules and rejects those whose conditions do not fit their type", () => {
    const broken = {
      ...threshold("broken", "x", 1),
      conditions: { threshold: 0 },
    } as unknown as DetectionRule;
    const set = RuleSet.from([threshold("a", "x", 1), threshold("off", "x", 1, { enabled: false }), broken]);
    expect(set.size).toBe(1);
    expect(set.get("a")?.id).toBe("a");
    expect(set.get("off")).toBeUndefined();
    expect(set.rejected).toEqual([{ rule_id: "broken", error: expect.stringContaining("threshold") }]);
  });
});

describe("RuleSet.from(rules, previous)", () => {
  it("keeps the detector of each unchanged rule and compiles again only what changed", async () => {
    const first = RuleSet.from([threshold("a", "x", 1), threshold("b", "y", 1), threshold("c", "z", 1)]);
    const detector = (set: RuleSet, id: string) => set.detectors.find((d) => d.rule_id === id);
    const next = RuleSet.from(
      [threshold("a", "x", 1), threshold("b", "y", 3), threshold("c", "z", 1, { cooldown_seconds: 5 })],
      first,
    );
    expect(detector(next, "a")).toBe(detector(first, "a"));
    expect(detector(next, "b")).not.toBe(detector(first, "b"));
    expect(detector(next, "c")).not.toBe(detector(first, "c"));
    // The edited rule runs as edited: it fires on the third event of type y, not on the first.
    const store = new MemoryWindowStore();
    const firedAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { firings } = await evaluateEvent(next, makeEvent(i, { event_type: "y" }), store);
      if (firings.some((f) => f.rule_id === "b")) firedAt.push(i);
    }
    expect(firedAt).toEqual([2]);
  });
});

describe("evaluateEvent", () => {
  it("returns the firings of every rule the event completes", async () => {
    const set = RuleSet.from([threshold("one", "login_failure", 1), threshold("two", "login_failure", 2)]);
    const store = new MemoryWindowStore();
    const first = await evaluateEvent(set, makeEvent(0), store);
    expect(first.firings.map((firing) => firing.rule_id)).toEqual(["one"]);
    const second = await evaluateEvent(set, makeEvent(1), store);
    expect(second).toEqual({ firings: [expect.objectContaining({ rule_id: "two" })], failures: [] });
  });

  it("does not touch the store for an event no rule accepts", async () => {
    const store = new CountingStore();
    const set = RuleSet.from([threshold("one", "login_failure", 1)]);
    await evaluateEvent(set, makeEvent(0, { event_type: "dns_query" }), store);
    expect(store.calls).toBe(0);
  });

  it("reports a failing rule and lets the others go on", async () => {
    const failing: WindowStore = new MemoryWindowStore();
    const set = RuleSet.from([threshold("bad", "login_failure", 1, { cooldown_seconds: 0 })]);
    failing.getCooldownUntil = () => Promise.reject(new Error("store down"));
    const result = await evaluateEvent(set, makeEvent(0), failing);
    expect(result).toEqual({ firings: [], failures: [{ rule_id: "bad", error: "store down" }] });

    const mixed = RuleSet.from([threshold("one", "login_failure", 1), threshold("two", "login_failure", 1)]);
    const store = new MemoryWindowStore();
    const original = store.addEntry.bind(store);
    store.addEntry = (key, entry, evictBefore) =>
      key.startsWith("one:") ? Promise.reject(new Error("boom")) : original(key, entry, evictBefore);
    const outcome = await evaluateEvent(mixed, makeEvent(0), store);
    expect(outcome.failures).toEqual([{ rule_id: "one", error: "boom" }]);
    expect(outcome.firings.map((firing) => firing.rule_id)).toEqual(["two"]);
  });

  it("starts from empty windows when a rule's conditions change, but not when only its cooldown does", async () => {
    const store = new MemoryWindowStore();
    const before = RuleSet.from([threshold("r", "login_failure", 2)]);
    await evaluateEvent(before, makeEvent(0), store);
    const recooled = RuleSet.from([threshold("r", "login_failure", 2, { cooldown_seconds: 10 })]);
    expect((await evaluateEvent(recooled, makeEvent(1), store)).firings).toHaveLength(1);

    await evaluateEvent(before, makeEvent(100), store);
    const edited = RuleSet.from([threshold("r", "login_failure", 3)]);
    await evaluateEvent(edited, makeEvent(101), store);
    expect((await evaluateEvent(edited, makeEvent(102), store)).firings).toHaveLength(0);
  });
});
