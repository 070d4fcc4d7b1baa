import { beforeEach, describe, expect, it } from "vitest";
import { MemoryWindowStore } from "../state/memory-store.ts";
import { makeEvent, makeRule } from "../test-support.ts";
import type { DetectionEvent, Detector, Firing } from "../types.ts";
import { compileRule } from "./index.ts";

/** Five failed logins then a success, per source IP, within 600 s. */
const bruteForceThenSuccess = (overrides: Record<string, unknown> = {}) =>
  compileRule(
    makeRule({
      rule_type: "sequence",
      conditions: {
        steps: [
          { event_filter: { event_type: "login_failure" }, count: 5 },
          { event_filter: { event_type: "login_success" }, count: 1 },
        ],
        window_seconds: 600,
        group_by: "source_ip",
        ...overrides,
      },
    }),
  );

const failure = (seconds: number, fields: Partial<DetectionEvent> = {}) => makeEvent(seconds, fields);
const success = (seconds: number, fields: Partial<DetectionEvent> = {}) =>
  makeEvent(seconds, { event_type: "login_success", ...fields });
const failures = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => failure(from + index));

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

describe("sequence evaluator", () => {
  it("fires when five failures are followed by a success, with the chain of events", async () => {
    const events = [...failures(0, 5), success(10)];
    const firings = await feed(bruteForceThenSuccess(), events);
    expect(firedAt(firings)).toEqual([5]);
    expect(firings[5]).toMatchObject({
      group_value: "AUDIO_001 / 10.0.0.1",
      matched_event_count: 6,
      matched_event_ids: events.map((event) => event.id),
    });
  });

  it("does not fire when the success comes before the failures", async () => {
    expect(firedAt(await feed(bruteForceThenSuccess(), [success(0), ...failures(1, 5)]))).toEqual([]);
  });

  it("does not fire when a step's count is not reached before the next step", async () => {
    const events = [...failures(0, 4), success(5), failure(6), success(7)];
    expect(firedAt(await feed(bruteForceThenSuccess(), events))).toEqual([6]);
  });

  it("orders by event time, so a slightly late failure still precedes the success", async () => {
    const events = [...failures(0, 4), success(10), failure(5)];
    expect(firedAt(await feed(bruteForceThenSuccess(), events))).toEqual([5]);
  });

  it("needs the whole sequence within the window", async () => {
    const events = [...failures(0, 5), success(600)];
    expect(firedAt(await feed(bruteForceThenSuccess(), events))).toEqual([]);
    const inside = [...failures(1_000, 5), success(1_599)];
    expect(firedAt(await feed(bruteForceThenSuccess(), inside))).toEqual([5]);
  });

  it("follows one group value at a time", async () => {
    const events = [
      ...failures(0, 5),
      success(10, { source_ip: "10.0.0.2" }),
      success(11, { source_ip: null }),
    ];
    expect(firedAt(await feed(bruteForceThenSuccess(), events))).toEqual([]);
  });

  it("lets an event that matches two steps count for the step it arrives at", async () => {
    const anyLogin = compileRule(
      makeRule({
        rule_type: "sequence",
        conditions: {
          steps: [
            { event_filter: { source_type: "auth" }, count: 2 },
            { event_filter: { event_type: "login_success" }, count: 1 },
          ],
          window_seconds: 60,
          group_by: "",
        },
      }),
    );
    expect(firedAt(await feed(anyLogin, [success(0), success(1), success(2)]))).toEqual([2]);
  });

  it("is suppressed during the cooldown, without recording the suppressed events", async () => {
    const events = [
      ...failures(0, 5),
      success(10),
      success(20),
      ...failures(100, 5),
      success(320),
      ...failures(400, 5),
      success(410),
    ];
    expect(firedAt(await feed(bruteForceThenSuccess(), events))).toEqual([5, 18]);
  });
});
