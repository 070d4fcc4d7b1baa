import { SEVERITIES, type Severity } from "@vigie/contracts";

/** The instant the dashboard suites' clock shows. */
export const NOW = Date.parse("2026-11-21T08:00:00.000Z");

/** One fixture event as submitted (the native v1 API body), with its time as a number for the oracle. */
export interface FixtureEvent {
  source_type: string;
  event_type: string;
  severity: Severity;
  site_id?: string;
  source_ip?: string;
  message: string;
  timestamp: string;
  at: number;
}

const SITES = ["AUDIO_001", "AUDIO_002", "AUDIO_003"];
const SOURCES = ["firewall", "auth", "ids", "dns"];
const IPS = ["10.1.0.1", "10.1.0.2", "10.2.0.7", "203.0.113.9", "198.51.100.4"];

/** Events exactly on and next to bucket edges (hours, days, 5 and 15 minutes), where off-by-one errors show. */
const EDGES = [
  "2026-11-21T07:59:59.999Z",
  "2026-11-21T07:45:00.000Z",
  "2026-11-21T07:44:59.999Z",
  "2026-11-21T00:00:00.000Z",
  "2026-11-20T23:59:59.999Z",
  "2026-11-20T06:00:00.000Z",
  "2026-11-20T08:00:00.000Z",
  "2026-11-21T06:05:00.000Z",
];

/**
 * A deterministic data set: 400 events over the 12 days before NOW (a third in the last 24 hours),
 * spread over three sites, a site-less sender, four source types, five severities and five IPs,
 * plus events on bucket edges.
 */
export function dashboardFixture(): FixtureEvent[] {
  const random = seededRandom(20261121);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const times = Array.from(
    { length: 400 },
    (_, i) => NOW - 1 - Math.floor(random() * (i % 3 === 0 ? 24 : 12 * 24) * 3_600_000),
  );
  times.push(...EDGES.map((e) => Date.parse(e)));
  return times.map((at, i) => {
    const site = i % 17 === 0 ? undefined : pick(SITES);
    const ip = i % 11 === 0 ? undefined : pick(IPS);
    return {
      source_type: pick(SOURCES),
      event_type: "fixture_event",
      severity: pick(SEVERITIES),
      ...(site ? { site_id: site } : {}),
      ...(ip ? { source_ip: ip } : {}),
      message: `fixture ${i}`,
      timestamp: new Date(at).toISOString(),
      at,
    };
  });
}

/** A reproducible pseudo-random sequence in [0, 1) (Lehmer). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Counts fixture events matching a predicate (the oracle the endpoints are checked against). */
export function countWhere(events: readonly FixtureEvent[], predicate: (e: FixtureEvent) => boolean): number {
  return events.filter(predicate).length;
}

/** Fixture events in [from, to). */
export function within(from: number, to: number) {
  return (e: FixtureEvent) => e.at >= from && e.at < to;
}
