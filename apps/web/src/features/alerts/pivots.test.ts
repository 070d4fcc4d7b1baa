import { describe, expect, it } from "vitest";
import { parseEntity, pivotSearch } from "./pivots.ts";

describe("pivots from an alert", () => {
  const now = Date.parse("2026-11-21T12:00:00.000Z");

  it("reads the entity kinds an alert records, and nothing else", () => {
    expect(parseEntity("host:ws-01")).toEqual({ kind: "host", field: "hostname", value: "ws-01" });
    expect(parseEntity("ip:2001:db8::1")).toEqual({ kind: "ip", field: "ip", value: "2001:db8::1" });
    expect(parseEntity("user:o'brien")).toEqual({ kind: "user", field: "username", value: "o'brien" });
    expect(parseEntity("hash:abc")).toBeNull();
    expect(parseEntity("nocolon")).toBeNull();
  });

  it("searches the last 24 hours while the alert is recent, else the day before its last activity", () => {
    const recent = { created_at: "2026-11-21T08:00:00.000Z", last_seen: "2026-11-21T11:00:00.000Z" };
    expect(pivotSearch("ip:10.0.0.9", recent, undefined, now)).toEqual({
      q: 'source_ip:"10.0.0.9" OR dest_ip:"10.0.0.9"',
      range: "24h",
    });
    const old = { created_at: "2026-11-01T08:00:00.000Z", last_seen: "2026-11-02T10:00:00.000Z" };
    expect(pivotSearch('user:a"b', old, "AUDIO_003", now)).toEqual({
      q: 'username:"a\\"b"',
      from: "2026-11-01T10:00:00.000Z",
      to: "2026-11-02T10:01:00.000Z",
      site_id: "AUDIO_003",
    });
    expect(pivotSearch("hash:abc", recent, undefined, now)).toBeNull();
  });
});
