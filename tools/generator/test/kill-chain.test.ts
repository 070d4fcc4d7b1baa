import { IngestEventSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { createEventFactory } from "../factory.ts";
import { killChain } from "../kill-chain.ts";
import { createRandom } from "../random.ts";
import { siteIds } from "../sites.ts";
import { eventStream } from "../stream.ts";

const PHASES = [
  ["reconnaissance", "TA0043"],
  ["initial_access", "TA0001"],
  ["execution", "TA0002"],
  ["persistence", "TA0003"],
  ["privilege_escalation", "TA0004"],
  ["credential_access", "TA0006"],
  ["discovery", "TA0007"],
  ["lateral_movement", "TA0008"],
  ["collection", "TA0009"],
  ["exfiltration", "TA0010"],
];

describe("killChain", () => {
  const clock = () => new Date("2026-11-21T09:00:00.000Z");

  it("has the ten phases in order, on one site, with ATT&CK ids, and validates", () => {
    const chain = killChain(createRandom(11), "AUDIO_014", clock);
    expect(chain.map((e) => [e.metadata.kill_chain_phase, e.mitre_tactic])).toEqual(PHASES);
    expect(chain.map((e) => e.metadata.kill_chain_step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(chain.map((e) => e.site_id))).toEqual(new Set(["AUDIO_014"]));
    expect(new Set(chain.map((e) => e.metadata.campaign)).size).toBe(1);
    for (const event of chain) {
      expect(IngestEventSchema.safeParse(event).success).toBe(true);
      expect(event.mitre_technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(event.raw_log).toContain("audio014-");
    }
  });

  it("follows one victim from execution to exfiltration", () => {
    const chain = killChain(createRandom(12), "AUDIO_002", clock);
    const victimSteps = chain.slice(2, 10).filter((e) => e.event_type !== "lateral_movement");
    expect(new Set(victimSteps.map((e) => e.source_ip)).size).toBe(1);
    expect(chain.at(-1)?.event_type).toBe("data_exfiltration");
  });

  it("is woven into the stream in order, one step per interval, restamped when emitted", () => {
    let now = Date.parse("2026-11-21T09:00:00.000Z");
    const stepClock = () => {
      now += 1000;
      return new Date(now);
    };
    const rng = createRandom(13);
    const sites = siteIds(30);
    const chain = killChain(rng, "AUDIO_030", stepClock);
    const stream = eventStream(
      createEventFactory(rng, sites, stepClock),
      rng,
      { burstEvery: null, attack: { events: chain, every: 5 } },
      stepClock,
    );
    const drawn = Array.from({ length: 60 }, () => stream.next().value!);
    const steps = drawn.filter((e) => e.metadata.kill_chain_step !== undefined);
    expect(steps.map((e) => e.metadata.kill_chain_step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(drawn.indexOf(steps[0]!)).toBe(5);
    const times = steps.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(10);
  });
});
