import { beforeEach, describe, expect, it } from "vitest";
import { MemoryWindowStore } from "../state/memory-store.ts";
import { makeEvent, makeRule } from "../test-support.ts";
import type { DetectionEvent, Detector, Firing } from "../types.ts";
import { compileRule } from "./index.ts";

/** Three distinct DNS queries per source IP within 60 s. */
const distinctQueries = (overrides: Record<string, unknown> = {}) =>
  compileRule(
    makeRule({
      rule_type: "aggregation",
      conditions: {
        event_filter: { source_type: "dns" },
        aggregation: "count_distinct",
        aggregation_field: "normalized.query",
        threshold: 3,
        window_seconds: 60,
        group_by: "source_ip",
        ...overrides,
      },
    }),
  );

const query = (seconds: number, name: unknown, fields: Partial<DetectionEvent> = {}) =>
  makeEvent(seconds, { source_type: "dns", event_type: "dns_query", normalized: { query: name }, ...fields });

let store: MemoryWindowStore;
beforeEach(() => {
  store = new MemoryWindowStore();
});

async function feed(detector: Detector, events: DetectionEvent[]): Promise<(Firing | null)[]> {
  const firings: (Firing | null)[] = [];
  for (const event of events)
    firings.push(detector.accepts(event) ? await detector.evaluate(event, store) : null);
  return firings;
}
const firedAt = (firings: (Firing | null)[]) => firings.flatMap((firing, index) => (firing ? [index] : []));

describe("aggregation evaluator", () => {
  it("fires when the distinct values reach the threshold, counting every matched event", async () => {
    const events = [query(0, "a.evil"), query(1, "a.evil"), query(2, "b.evil"), query(3, "c.evil")];
    const firings = await feed(distinctQueries(), events);
    expect(firedAt(firings)).toEqual([3]);
    expect(firings[3]).toMatchObject({
      matched_event_count: 4,
      matched_event_ids: events.map((event) => event.id),
    });
  });

  it("does not fire on repeated values", async () => {
    const events = [query(0, "a"), query(1, "a"), query(2, "b"), query(3, "b"), query(4, "a")];
    expect(firedAt(await feed(distinctQueries(), events))).toEqual([]);
  });

  it("ignores empty and missing values", async () => {
    const events = [
      query(0, "a"),
      query(1, ""),
      query(2, "  "),
      query(3, null),
      query(4, undefined),
      query(5, "b"),
    ];
    expect(firedAt(await feed(distinctQueries(), [...events, query(6, "c")]))).toEqual([6]);
  });

  it("counts numbers and their text as one value", async () => {
    const ports = distinctQueries({ event_filter: {}, aggregation_field: "dest_port" });
    const events = [
      makeEvent(0, { dest_port: 22 }),
      makeEvent(1, { dest_port: 80 }),
      makeEvent(2, { dest_port: 22 }),
    ];
    expect(firedAt(await feed(ports, events))).toEqual([]);
  });

  it("leaves out values exactly one window old", async () => {
    expect(firedAt(await feed(distinctQueries(), [query(0, "a"), query(30, "b"), query(60, "c")]))).toEqual(
      [],
    );
  });

  it("skips events without a group value and supports one global group", async () => {
    const events = [
      query(0, "a", { source_ip: null }),
      query(1, "b", { source_ip: "10.0.0.2" }),
      query(2, "c"),
    ];
    expect(firedAt(await feed(distinctQueries(), events))).toEqual([]);
    const global = await feed(
      distinctQueries({ group_by: "" }),
      events.map((event) => ({ ...event, id: `g-${event.id}` })),
    );
    expect(global[2]?.group_value).toBe("AUDIO_001");
  });

  it("is suppressed during the cooldown, then fires again on new values", async () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    const during = names.map((name, index) => query(index, name));
    const after = ["g", "h", "i"].map((name, index) => query(400 + index, name));
    expect(firedAt(await feed(distinctQueries(), [...during, ...after]))).toEqual([2, 8]);
  });
});
