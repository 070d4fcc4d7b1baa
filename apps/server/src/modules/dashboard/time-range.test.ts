import { describe, expect, it } from "vitest";
import { type CountSpec, countSql, usableRollups } from "./rollup-sql.ts";
import { bucketStarts, DAY, HOUR, planRange, type RangePiece } from "./time-range.ts";

const at = (iso: string) => Date.parse(iso);
const show = (pieces: RangePiece[]) =>
  pieces.map((p) => `${p.source} ${new Date(p.from).toISOString()} ${new Date(p.to).toISOString()}`);

describe("planRange", () => {
  it("answers whole days from the daily rollup, whole hours and 5-minute buckets around them, and only sub-5-minute edges raw", () => {
    const pieces = planRange({ from: at("2026-11-19T22:03:10Z"), to: at("2026-11-21T01:07:00Z") }, [
      "5m",
      "1h",
      "1d",
    ]);
    expect(show(pieces)).toEqual([
      "raw 2026-11-19T22:03:10.000Z 2026-11-19T22:05:00.000Z",
      "5m 2026-11-19T22:05:00.000Z 2026-11-19T23:00:00.000Z",
      "1h 2026-11-19T23:00:00.000Z 2026-11-20T00:00:00.000Z",
      "1d 2026-11-20T00:00:00.000Z 2026-11-21T00:00:00.000Z",
      "1h 2026-11-21T00:00:00.000Z 2026-11-21T01:00:00.000Z",
      "5m 2026-11-21T01:00:00.000Z 2026-11-21T01:05:00.000Z",
      "raw 2026-11-21T01:05:00.000Z 2026-11-21T01:07:00.000Z",
    ]);
  });

  it("tiles every range exactly, without gaps or overlaps", () => {
    let state = 7;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    for (let i = 0; i < 500; i++) {
      const from = at("2026-11-01T00:00:00Z") + Math.floor(random() * 20 * DAY);
      const to = from + Math.floor(random() * (random() < 0.5 ? 3 * HOUR : 6 * DAY));
      const pieces = planRange({ from, to }, ["5m", "1h", "1d"]);
      if (from === to) expect(pieces).toEqual([]);
      else {
        expect(pieces[0]?.from).toBe(from);
        expect(pieces.at(-1)?.to).toBe(to);
        pieces.forEach((p, k) => {
          expect(p.from).toBeLessThan(p.to);
          if (k > 0) expect(p.from).toBe(pieces[k - 1]?.to);
        });
        expect(pieces.filter((p) => p.source === "raw").length).toBeLessThanOrEqual(2);
      }
    }
  });

  it("keeps open ends open: all time is the daily rollup alone, no events-table scan", () => {
    expect(planRange({ from: -Infinity, to: Infinity }, ["5m", "1h", "1d"])).toEqual([
      { source: "1d", from: -Infinity, to: Infinity },
    ]);
    expect(planRange({ from: at("2026-11-20T23:59:00Z"), to: Infinity }, ["1h", "1d"])).toEqual([
      { source: "raw", from: at("2026-11-20T23:59:00Z"), to: at("2026-11-21T00:00:00Z") },
      { source: "1d", from: at("2026-11-21T00:00:00Z"), to: Infinity },
    ]);
  });

  it("falls back to the events table when no rollup fits", () => {
    expect(planRange({ from: 0, to: 10 }, [])).toEqual([{ source: "raw", from: 0, to: 10 }]);
    expect(planRange({ from: 10, to: 10 }, ["1d"])).toEqual([]);
  });
});

describe("countSql", () => {
  it("only uses rollups that keep the dimensions asked for and divide the bucket", () => {
    const base = { family: "events" as const, range: { from: 0, to: DAY } };
    const tables = (spec: Omit<CountSpec, "family" | "range">) =>
      usableRollups({ ...base, ...spec }).map((t) => t.table);
    expect(tables({ groupBy: ["severity"] })).toEqual([
      "event_totals_5m",
      "event_totals_1h",
      "event_totals_1d",
    ]);
    expect(tables({ groupBy: ["severity"], where: { site_id: "A" } })).toEqual([
      "event_rollups_5m",
      "event_rollups_1h",
      "event_rollups_1d",
    ]);
    expect(tables({ groupBy: ["status"] })).toEqual(["event_totals_1d"]);
    expect(tables({ groupBy: ["site_id"], bucketMs: 15 * 60_000 })).toEqual(["event_rollups_5m"]);
    expect(usableRollups({ ...base, groupBy: [], naive: true })).toEqual([]);
  });

  it("binds every value and reads the events table only for the edges", () => {
    const sql = countSql({
      family: "events",
      range: { from: at("2026-11-20T10:02:00Z"), to: Infinity },
      groupBy: ["severity"],
      where: { site_id: "x'; DROP" },
    });
    expect(sql?.text).not.toContain("DROP");
    expect(sql?.values).toContain("x'; DROP");
    expect(sql?.text.match(/FROM events/g)).toHaveLength(1);
    expect(countSql({ family: "events", range: { from: 5, to: 5 }, groupBy: [] })).toBeNull();
  });
});

describe("bucketStarts", () => {
  it("lists aligned bucket starts covering the range", () => {
    expect(
      bucketStarts({ from: at("2026-11-21T07:50:00Z"), to: at("2026-11-21T08:20:00Z") }, 15 * 60_000).map(
        (t) => new Date(t).toISOString(),
      ),
    ).toEqual(["2026-11-21T07:45:00.000Z", "2026-11-21T08:00:00.000Z", "2026-11-21T08:15:00.000Z"]);
  });
});
