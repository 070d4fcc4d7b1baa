import { describe, expect, it } from "vitest";
import { RuleSet } from "../engine-core.ts";
import { replayEvaluated } from "../replay.ts";
import { MemoryWindowStore } from "../state/memory-store.ts";
import type { WindowStore } from "../state/window-store.ts";
import { makeEvent, makeRule, T0 } from "../test-support.ts";
import type { DetectionEvent, Detector, Firing } from "../types.ts";
import { compileRule } from "./index.ts";

const DAY = 86_400;

/** A VPN logon from a country never seen for the user in 30 days, after a learning of `learning_days`. */
const newCountryRule = (overrides: Record<string, unknown> = {}) =>
  makeRule({
    rule_type: "first_seen",
    conditions: {
      event_filter: { event_type: "vpn_tunnel_up" },
      fields: ["normalized.source_country"],
      group_by: "username",
      across_sites: true,
      history_days: 30,
      learning_days: 0,
      ...overrides,
    },
  });

const logon = (
  seconds: number,
  username: string,
  country: string | null,
  fields: Partial<DetectionEvent> = {},
) =>
  makeEvent(seconds, {
    source_type: "firewall",
    event_type: "vpn_tunnel_up",
    username,
    normalized: country === null ? {} : { source_country: country },
    ...fields,
  });

async function feed(
  detector: Detector,
  events: DetectionEvent[],
  store: WindowStore,
): Promise<(Firing | null)[]> {
  const firings: (Firing | null)[] = [];
  for (const event of events)
    firings.push(detector.accepts(event) ? await detector.evaluate(event, store) : null);
  return firings;
}
const firedAt = (firings: (Firing | null)[]) => firings.flatMap((firing, index) => (firing ? [index] : []));

describe("first-seen evaluator", () => {
  it("fires once per value new to the group, naming the group and the value", async () => {
    const store = new MemoryWindowStore();
    const events = [
      logon(0, "bob", "FR"),
      logon(60, "bob", "FR"),
      logon(120, "bob", "RU"),
      logon(180, "bob", "ru"),
      logon(240, "alice", "RU"),
      logon(300, "bob", null),
      makeEvent(360, { event_type: "login_success", username: "bob", normalized: { source_country: "CN" } }),
    ];
    const firings = await feed(compileRule(newCountryRule()), events, store);
    expect(firedAt(firings)).toEqual([0, 2, 4]);
    expect(firings[2]).toMatchObject({
      group_value: "bob / RU",
      group_fields: { username: "bob", "normalized.source_country": "RU" },
      matched_event_ids: [events[2]!.id],
      matched_event_count: 1,
    });
  });

  it("learns without firing during the learning period from the first event it saw", async () => {
    const store = new MemoryWindowStore();
    const firings = await feed(
      compileRule(newCountryRule({ learning_days: 7 })),
      [
        logon(0, "bob", "FR"),
        logon(6 * DAY, "bob", "DE"),
        logon(7 * DAY, "bob", "DE"),
        logon(7 * DAY, "bob", "RU"),
      ],
      store,
    );
    expect(firedAt(firings)).toEqual([3]);
  });

  it("learns for the whole history unless told otherwise", async () => {
    const detector = compileRule(newCountryRule({ learning_days: undefined }));
    const firings = await feed(
      detector,
      [logon(0, "bob", "FR"), logon(29 * DAY, "bob", "DE"), logon(30 * DAY, "bob", "RU")],
      new MemoryWindowStore(),
    );
    expect(firedAt(firings)).toEqual([2]);
  });

  it("fires again for a value not seen during the whole history", async () => {
    const firings = await feed(
      compileRule(newCountryRule({ history_days: 10 })),
      [
        logon(0, "bob", "FR"),
        logon(5 * DAY, "bob", "FR"),
        logon(14 * DAY, "bob", "FR"),
        logon(25 * DAY, "bob", "FR"),
      ],
      new MemoryWindowStore(),
    );
    expect(firedAt(firings)).toEqual([0, 3]);
  });

  it("keeps groups per site unless across sites, and combines several fields", async () => {
    const perSite = compileRule(
      newCountryRule({ across_sites: false, fields: ["normalized.source_country", "hostname"] }),
    );
    const firings = await feed(
      perSite,
      [
        logon(0, "bob", "FR", { hostname: "fw-1" }),
        logon(1, "bob", "FR", { hostname: "fw-1", site_id: "AUDIO_002" }),
        logon(2, "bob", "FR", { hostname: "fw-2" }),
        logon(3, "bob", "FR", { hostname: "fw-1" }),
      ],
      new MemoryWindowStore(),
    );
    expect(firedAt(firings)).toEqual([0, 1, 2]);
    expect(firings[1]?.group_fields).toMatchObject({ site_id: "AUDIO_002", hostname: "fw-1" });
  });

  it("does not fire again for values replayed at start, and the replay ends the learning it covers", async () => {
    const rule = { ...newCountryRule({ learning_days: 7 }), id: "r1", name: "n", severity: "high" };
    const stored = [logon(-20 * DAY, "bob", "FR"), logon(-10 * DAY, "bob", "DE"), logon(-DAY, "carol", "FR")];
    const store = new MemoryWindowStore();
    const ruleSet = RuleSet.from([rule]);
    const asked: (readonly string[] | undefined)[] = [];
    await replayEvaluated(ruleSet, [rule as never], {
      store,
      clock: { now: () => new Date(T0) },
      async *history(from, _limit, eventTypes) {
        asked.push(eventTypes);
        yield* stored.filter((event) => Date.parse(event.timestamp) > from.getTime());
      },
    });
    expect(asked[0]).toEqual(["vpn_tunnel_up"]);
    const firings = await feed(
      compileRule(rule),
      [logon(0, "bob", "FR"), logon(1, "bob", "DE"), logon(2, "bob", "RU")],
      store,
    );
    expect(firedAt(firings)).toEqual([2]);
  });

  it("refuses fields that are in group_by, named twice, or a learning longer than the history", () => {
    for (const conditions of [
      { fields: ["username"] },
      { fields: ["hostname", "hostname"] },
      { learning_days: 40 },
      { fields: [] },
      { fields: ["a", "b", "c", "d"] },
      { history_days: 0 },
    ])
      expect(() => newCountryRule(conditions)).toThrow();
  });
});
