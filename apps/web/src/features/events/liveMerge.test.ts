import type { LogEvent, LogStreamItem } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { liveMatches, mergeLive } from "./liveMerge.ts";

const item = (id: string, second: number, patch: Partial<LogStreamItem> = {}): LogStreamItem => ({
  id,
  timestamp: `2026-11-21T08:00:${String(second).padStart(2, "0")}.000Z`,
  site_id: "AUDIO_002",
  source_type: "firewall",
  severity: "high",
  event_type: "firewall_deny",
  source_ip: "10.1.1.1",
  dest_ip: "10.2.2.2",
  hostname: null,
  username: null,
  ...patch,
});
const stored = (id: string, second: number) =>
  ({ ...item(id, second), status: "new" }) as unknown as LogEvent;

describe("mergeLive", () => {
  it("puts newer live events on top once, skipping ones already loaded or older", () => {
    const rows = mergeLive(
      [stored("s2", 20), stored("s1", 10)],
      [item("l3", 30), item("s2", 20), item("old", 5)],
      {},
    );
    expect(rows.map((r) => r.id)).toEqual(["l3", "s2", "s1"]);
    expect(rows[0]!.live).toBe(true);
  });

  it("shows live events only when they match the filters they can be checked against", () => {
    expect(liveMatches(item("a", 1), { severity: "high", site_id: "AUDIO_002" })).toBe(true);
    expect(liveMatches(item("a", 1), { severity: "low" })).toBe(false);
    expect(liveMatches(item("a", 1), { q: "deny" })).toBe(false);
    expect(liveMatches(item("a", 1), { status: "new" })).toBe(false);
  });
});
