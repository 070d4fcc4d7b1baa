import { beforeEach, describe, expect, it } from "vitest";
import { MemoryWindowStore } from "../state/memory-store.ts";
import { makeEvent, makeRule } from "../test-support.ts";
import type { DetectionEvent, Detector, Firing } from "../types.ts";
import { compileRule } from "./index.ts";

const rule = (conditions: Record<string, unknown>, cooldown_seconds = 300) =>
  compileRule(
    makeRule({
      rule_type: "threshold",
      cooldown_seconds,
      conditions: {
        event_filter: { event_type: "login_failure" },
        threshold: 3,
        window_seconds: 60,
        group_by: "source_ip",
        ...conditions,
      },
    }),
  );

let store: MemoryWindowStore;
beforeEach(() => {
  store = new MemoryWindowStore();
});

/** Feeds the events in arrival order; returns the firing (or null) of each. */
async function feed(detector: Detector, events: DetectionEvent[]): Promise<(Firing | null)[]> {
  const firings: (Firing | null)[] = [];
  for (const event of events)
    firings.push(detector.accepts(event) ? await detector.evaluate(event, store) : null);
  return firings;
}
const fired = (firings: (Firing | null)[]) => firings.map((firing) => firing !== null);

describe("threshold evaluator", () => {
  it("fires on the event that reaches the threshold, with the matched events", async () => {
    const events = [makeEvent(0), makeEvent(10), makeEvent(20)];
    const firings = await feed(rule({}), events);
    expect(fired(firings)).toEqual([false, false, true]);
    expect(firings[2]).toEqual({
      rule_id: "rule-1",
      group_value: "AUDIO_001 / 10.0.0.1",
      group_fields: { site_id: "AUDIO_001", source_ip: "10.0.0.1" },
      matched_event_ids: events.map((event) => event.id),
      matched_event_count: 3,
      event_time: events[2]!.timestamp,
      site_id: "AUDIO_001",
    });
  });

  it("does not fire below the threshold or on events the filter rejects", async () => {
    const detector = rule({});
    const other = makeEvent(5, { event_type: "login_success" });
    expect(detector.accepts(other)).toBe(false);
    expect(fired(await feed(detector, [makeEvent(0), other, makeEvent(10)]))).toEqual([false, false, false]);
  });

  it("counts each group apart and skips events without a group value", async () => {
    const events = [
      makeEvent(0),
      makeEvent(1, { source_ip: "10.0.0.2" }),
      makeEvent(2, { source_ip: null }),
      makeEvent(3, { source_ip: "" }),
      makeEvent(4),
      makeEvent(5, { source_ip: "10.0.0.2" }),
      makeEvent(6),
    ];
    const firings = await feed(rule({}), events);
    expect(fired(firings)).toEqual([false, false, false, false, false, false, true]);
    expect(firings[6]?.matched_event_ids).toEqual([events[0]!.id, events[4]!.id, events[6]!.id]);
  });

  it("puts every event of a site in one group when group_by is empty", async () => {
    const events = [makeEvent(0), makeEvent(1, { source_ip: "10.0.0.2" }), makeEvent(2, { source_ip: null })];
    const firings = await feed(rule({ group_by: "" }), events);
    expect(firings[2]).toMatchObject({ group_value: "AUDIO_001", group_fields: { site_id: "AUDIO_001" } });
  });

  it("keeps two sites sharing an address apart, unless the rule groups across sites", async () => {
    const shared = (seconds: number, site: string) =>
      makeEvent(seconds, { site_id: site, source_ip: "192.168.1.5" });
    const events = [shared(0, "AUDIO_001"), shared(1, "AUDIO_002"), shared(2, "AUDIO_001")];
    expect(fired(await feed(rule({}), events))).toEqual([false, false, false]);
    const across = await feed(
      rule({ across_sites: true }),
      events.map((event) => ({ ...event, id: `x${event.id}` })),
    );
    expect(across[2]).toMatchObject({
      group_value: "192.168.1.5",
      group_fields: { source_ip: "192.168.1.5" },
    });
  });

  it("groups by several fields, each kept on the firing", async () => {
    const login = (seconds: number, user: string) => makeEvent(seconds, { username: user });
    const events = [login(0, "alice"), login(1, "bob"), login(2, "alice"), login(3, "alice")];
    const firings = await feed(rule({ group_by: ["source_ip", "username"] }), events);
    expect(fired(firings)).toEqual([false, false, false, true]);
    expect(firings[3]).toMatchObject({
      group_value: "AUDIO_001 / 10.0.0.1 / alice",
      group_fields: { site_id: "AUDIO_001", source_ip: "10.0.0.1", username: "alice" },
    });
  });

  it("leaves out an entry exactly one window old", async () => {
    const edge = await feed(rule({}), [makeEvent(0), makeEvent(30), makeEvent(60)]);
    expect(fired(edge)).toEqual([false, false, false]);
    store = new MemoryWindowStore();
    const inside = await feed(rule({}), [makeEvent(0.001), makeEvent(30), makeEvent(60)]);
    expect(fired(inside)).toEqual([false, false, true]);
  });

  it("uses event time, not arrival time: a late event completes the window it belongs to", async () => {
    const late = await feed(rule({}), [makeEvent(10), makeEvent(30), makeEvent(20)]);
    expect(late[2]?.event_time).toBe(makeEvent(30).timestamp);
    expect(late[2]?.matched_event_count).toBe(3);
    store = new MemoryWindowStore();
    const tooOld = await feed(rule({}), [makeEvent(100), makeEvent(110), makeEvent(40)]);
    expect(fired(tooOld)).toEqual([false, false, false]);
  });

  it("ignores an entry stamped more than one window in the future", async () => {
    const firings = await feed(rule({}), [makeEvent(10_000), makeEvent(0), makeEvent(1), makeEvent(2)]);
    expect(fired(firings)).toEqual([false, false, false, true]);
    expect(firings[3]?.matched_event_count).toBe(3);
  });

  it("is suppressed for the group during the cooldown, in event time, then fires again", async () => {
    const detector = rule({ threshold: 1 }, 120);
    const firings = await feed(detector, [
      makeEvent(0),
      makeEvent(60),
      makeEvent(119.999),
      makeEvent(60, { source_ip: "10.0.0.2" }),
      makeEvent(120),
    ]);
    expect(fired(firings)).toEqual([true, false, false, true, true]);
  });

  it("empties the window after firing, so the same events never fire twice", async () => {
    const detector = rule({}, 0);
    const firings = await feed(detector, [
      makeEvent(0),
      makeEvent(1),
      makeEvent(2),
      makeEvent(3),
      makeEvent(4),
    ]);
    expect(fired(firings)).toEqual([false, false, true, false, false]);
    expect(fired(await feed(detector, [makeEvent(5)]))).toEqual([true]);
  });

  it("keeps the last 100 ids of a large match and the exact count", async () => {
    const events = Array.from({ length: 150 }, (_, index) => makeEvent(index / 10));
    const firings = await feed(rule({ threshold: 150 }), events);
    expect(firings[149]?.matched_event_count).toBe(150);
    expect(firings[149]?.matched_event_ids).toEqual(events.slice(50).map((event) => event.id));
  });

  it("skips an event whose timestamp cannot be read", async () => {
    expect(await feed(rule({ threshold: 1 }), [makeEvent(0, { timestamp: "yesterday" })])).toEqual([null]);
  });
});
