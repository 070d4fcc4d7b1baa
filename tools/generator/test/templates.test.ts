import { IngestEventSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { createEventFactory, ESCALATION_RATE, escalate, finish, type GeneratedEvent } from "../factory.ts";
import { createRandom } from "../random.ts";
import { siteIds, siteOf } from "../sites.ts";
import { BURST_TEMPLATES } from "../templates/burst.ts";
import { type GeneratedSource, SOURCE_TEMPLATES, SOURCE_WEIGHTS } from "../templates/index.ts";

const fixedClock = () => new Date("2026-11-21T08:15:00.000Z");
const SITES = siteIds(30);

function expectValid(event: GeneratedEvent) {
  const parsed = IngestEventSchema.safeParse(event);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  expect(event.raw_log.length).toBeGreaterThan(20);
  expect(event.message?.length).toBeGreaterThan(5);
  expect(event.site_id).toMatch(/^AUDIO_0(0[1-9]|[12]\d|30)$/);
}

describe("source templates", () => {
  const sources = Object.keys(SOURCE_TEMPLATES) as GeneratedSource[];

  it.each(sources)("%s: every template draws valid ingest events with a device line", (source) => {
    const rng = createRandom(7);
    const site = siteOf("AUDIO_007");
    for (const template of SOURCE_TEMPLATES[source]) {
      for (let i = 0; i < 50; i++) {
        const event = finish(source, site, fixedClock(), template.build({ rng, site, time: fixedClock() }));
        expectValid(event);
        expect(event.source_type).toBe(source);
        expect(event.raw_log).toMatch(/^Nov 21 08:15:00 audio007-/);
      }
    }
  });

  it("burst templates draw high or critical events that validate", () => {
    const rng = createRandom(3);
    const site = siteOf("AUDIO_012");
    for (const template of BURST_TEMPLATES) {
      const event = finish(
        template.source,
        site,
        fixedClock(),
        template.build({ rng, site, time: fixedClock() }, "203.0.113.9"),
      );
      expectValid(event);
      expect(["high", "critical"]).toContain(event.severity);
    }
  });

  it("site addresses follow 10.<site>.0.0/16 and host names audio<nnn>-*", () => {
    const site = siteOf("AUDIO_023");
    expect(site.server).toEqual({ hostname: "audio023-srv01", ip: "10.23.1.10" });
    expect(siteIds(3)).toEqual(["AUDIO_001", "AUDIO_002", "AUDIO_003"]);
  });
});

describe("createEventFactory", () => {
  const draw = (seed: number, n: number) => {
    const factory = createEventFactory(createRandom(seed), SITES, fixedClock);
    return Array.from({ length: n }, () => factory.everyday());
  };

  it("respects the source weights over 10,000 draws", () => {
    const events = draw(42, 10_000);
    const total = Object.values(SOURCE_WEIGHTS).reduce((a, b) => a + b, 0);
    for (const [source, weight] of Object.entries(SOURCE_WEIGHTS)) {
      const share = events.filter((e) => e.source_type === source).length / events.length;
      expect(Math.abs(share - weight / total), source).toBeLessThan(0.015);
    }
    const firewall = events.filter((e) => e.source_type === "firewall").length;
    const network = events.filter((e) => e.source_type === "network").length;
    expect(firewall).toBeGreaterThan(network * 10);
  });

  it("spreads events over all 30 sites and escalates about 10 % of them", () => {
    const events = draw(9, 10_000);
    expect(new Set(events.map((e) => e.site_id)).size).toBe(30);
    const escalated = events.filter((e) => e.metadata.escalated === true).length / events.length;
    expect(Math.abs(escalated - ESCALATION_RATE)).toBeLessThan(0.015);
    for (const event of events.slice(0, 2_000)) expectValid(event);
  });

  it("escalates one tier at a time, critical staying critical", () => {
    expect(escalate("info")).toBe("low");
    expect(escalate("medium")).toBe("high");
    expect(escalate("critical")).toBe("critical");
  });

  it("is deterministic for a seed and differs between seeds", () => {
    expect(draw(1234, 200)).toEqual(draw(1234, 200));
    expect(draw(1234, 200)).not.toEqual(draw(4321, 200));
  });

  it("draws bursts of high/critical events on one site from one attacker", () => {
    const burst = createEventFactory(createRandom(5), SITES, fixedClock).burst(30);
    expect(burst).toHaveLength(30);
    expect(new Set(burst.map((e) => e.site_id)).size).toBe(1);
    expect(burst.every((e) => e.severity === "high" || e.severity === "critical")).toBe(true);
    const attackers = burst.filter((e) => e.source_type !== "endpoint").map((e) => e.source_ip);
    expect(new Set(attackers).size).toBe(1);
  });
});
