import type { Rule } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import type { Firing } from "../../detection/types.ts";
import { groupFirings, MAX_ALERT_EVENT_IDS } from "./firing-batch.ts";

const rule = { id: "r1", name: "Rule one", actions: [] } as unknown as Rule;
const firing = (group_value: string, ids: string[], event_time: string, rule_id = "r1"): Firing => ({
  rule_id,
  group_value,
  group_fields: { source_ip: group_value },
  matched_event_ids: ids,
  matched_event_count: ids.length,
  event_time,
  site_id: "AUDIO_001",
});

describe("groupFirings", () => {
  it("merges the firings of one rule and group in order and keeps the others apart", () => {
    const grouped = groupFirings(
      [
        firing("10.0.0.1", ["a", "b"], "2026-11-21T08:00:01.000Z"),
        firing("10.0.0.2", ["c"], "2026-11-21T08:00:02.000Z"),
        firing("10.0.0.1", ["d"], "2026-11-21T08:00:03.000Z"),
      ],
      (id) => (id === "r1" ? rule : undefined),
    );
    expect(grouped).toEqual([
      expect.objectContaining({
        group_value: "10.0.0.1",
        matched_event_ids: ["a", "b", "d"],
        matched_event_count: 3,
        occurrences: 2,
        first_seen: "2026-11-21T08:00:01.000Z",
        last_seen: "2026-11-21T08:00:03.000Z",
      }),
      expect.objectContaining({ group_value: "10.0.0.2", occurrences: 1 }),
    ]);
  });

  it("drops firings of unknown rules and keeps only the newest event ids", () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      firing(
        "g",
        Array.from({ length: 100 }, (_, j) => `e${i * 100 + j}`),
        "2026-11-21T08:00:00.000Z",
      ),
    );
    const [group] = groupFirings([...many, firing("g", ["x"], "2026-11-21T08:00:00.000Z", "gone")], (id) =>
      id === "r1" ? rule : undefined,
    );
    expect(group?.matched_event_count).toBe(600);
    expect(group?.matched_event_ids).toHaveLength(MAX_ALERT_EVENT_IDS);
    expect(group?.matched_event_ids.at(-1)).toBe("e599");
    expect(group?.matched_event_ids[0]).toBe("e100");
  });
});
