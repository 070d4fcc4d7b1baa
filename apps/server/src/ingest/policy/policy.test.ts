import { MAX_TEXT_LENGTH } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { MemoryBus } from "../../platform/bus/memory-bus.ts";
import type { Database } from "../../platform/db/database.ts";
import { firstKeptDay } from "../partitions.ts";
import { prepareEvent } from "../prepare.ts";
import { sanitizeField } from "../sanitize.ts";
import { addressDetails, invalidAddresses, isAddress, moveToMetadata } from "./addresses.ts";
import { InputPolicy, type RecordLimits } from "./input-policy.ts";
import { KnownSites } from "./known-sites.ts";
import { oldestAccepted } from "./retention-window.ts";

const NOW = new Date("2026-11-21T08:00:00.000Z");
const limits: RecordLimits = { oldestAccepted: oldestAccepted(NOW, 90), retentionDays: 90 };
const http = { receiver: "http" };
const syslog = { receiver: "syslog-udp", deviceLines: true };

describe("addresses", () => {
  it("accepts IPv4, IPv6, mapped and scoped addresses, nothing else", () => {
    for (const ok of ["10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1%eth0", "::"])
      expect(isAddress(ok), ok).toBe(true);
    for (const bad of [
      "not-an-ip",
      "10.0.0.256",
      "01.2.3.4",
      "10.0.0.1 ",
      "[::1]",
      "10.0.0.1:443",
      "host.lan",
    ])
      expect(isAddress(bad), bad).toBe(false);
  });

  it("finds the address fields that hold something else; empty, null and absent are fine", () => {
    const invalid = invalidAddresses({ source_ip: "not-an-ip", dest_ip: 42 });
    expect([...invalid]).toEqual([
      ["source_ip", "not-an-ip"],
      ["dest_ip", 42],
    ]);
    expect(invalidAddresses({ source_ip: "", dest_ip: null }).size).toBe(0);
    expect(addressDetails(invalid)[0]).toEqual({
      field: "source_ip",
      message: '"not-an-ip" is not an IP address',
      type: "ip",
    });
  });

  it("moves bad values to metadata.invalid_addresses without touching the sender's object", () => {
    const sent = { kept: 1, invalid_addresses: { other: "x" } };
    const moved = moveToMetadata({ source_ip: "bogus", metadata: sent }, new Map([["source_ip", "bogus"]]));
    expect(moved).toEqual({
      source_ip: null,
      metadata: { kept: 1, invalid_addresses: { other: "x", source_ip: "bogus" } },
    });
    expect(sent.invalid_addresses).toEqual({ other: "x" });
  });
});

describe("retention window", () => {
  it("accepts from the first day retention still keeps tomorrow, so an accepted event lives at least 24 h", () => {
    expect(oldestAccepted(NOW, 90).toISOString()).toBe("2026-08-24T00:00:00.000Z");
    for (const days of [1, 7, 90, 3650]) {
      const oldest = oldestAccepted(NOW, days);
      // The next retention runs within 24 hours keep the oldest accepted event's day.
      for (const later of [0, 1, 12, 23.99]) {
        expect(
          firstKeptDay(new Date(NOW.getTime() + later * 3_600_000), days) <=
            oldest.toISOString().slice(0, 10),
        ).toBe(true);
      }
    }
    expect(oldestAccepted(NOW, 1).toISOString()).toBe("2026-11-21T00:00:00.000Z");
  });
});

describe("prepareEvent under the input policy", () => {
  const prepare = (record: object, ctx: object = http) =>
    prepareEvent(record, { ...http, ...ctx }, NOW, limits);

  it("refuses a sender's bad address, naming the field and the value", () => {
    const result = prepare({ source_type: "firewall", source_ip: "10.0.0.1", dest_ip: "999.0.0.1" });
    expect(result).toMatchObject({
      ok: false,
      error: 'dest_ip: "999.0.0.1" is not an IP address',
      details: [{ field: "dest_ip", type: "ip" }],
    });
  });

  it("keeps a decoded line, moving its bad address to metadata", () => {
    const result = prepare({ source_type: "firewall", source_ip: "bogus", dest_ip: "10.0.0.2" }, syslog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.row).toMatchObject({ source_ip: null, dest_ip: "10.0.0.2" });
    expect(result.row.metadata).toEqual({ invalid_addresses: { source_ip: "bogus" } });
  });

  it("promotes an address from metadata only when it is one", () => {
    const good = prepare({ source_type: "auth", metadata: { source_ip: "192.0.2.1" } });
    const bad = prepare({ source_type: "auth", metadata: { source_ip: "workstation-7" } });
    expect(good.ok && good.row.source_ip).toBe("192.0.2.1");
    expect(bad.ok && bad.row.source_ip).toBeNull();
    expect(bad.ok && bad.row.metadata.source_ip).toBe("workstation-7");
  });

  it("stores an empty address as none", () => {
    const result = prepare({ source_type: "auth", source_ip: "" });
    expect(result.ok && result.row.source_ip).toBeNull();
  });

  it("refuses an event older than the window with the date and the window, but keeps a syslog line", () => {
    const old = new Date(limits.oldestAccepted.getTime() - 1).toISOString();
    expect(prepare({ source_type: "generic", timestamp: old })).toMatchObject({
      ok: false,
      error:
        "timestamp: 2026-08-23T23:59:59.999Z is older than the retention window (90 days: events before 2026-08-24T00:00:00.000Z are not kept)",
      details: [{ field: "timestamp", type: "retention" }],
    });
    const kept = prepare({ source_type: "generic", timestamp: old }, syslog);
    expect(kept.ok && kept.row.timestamp).toEqual(NOW);
    expect(kept.ok && kept.row.metadata).toMatchObject({
      original_timestamp: old,
      timestamp_replaced: "older_than_retention",
    });
    const edge = prepare({ source_type: "generic", timestamp: limits.oldestAccepted.toISOString() });
    expect(edge.ok).toBe(true);
  });

  it("checks no window without limits (callers writing rows themselves)", () => {
    expect(prepareEvent({ source_type: "generic", timestamp: "2010-01-01T00:00:00Z" }, http, NOW).ok).toBe(
      true,
    );
  });

  it("flags metadata.truncated when message, raw_log or a source field is cut, and only then", () => {
    const long = "x".repeat(200_000);
    for (const field of ["message", "raw_log"]) {
      const result = prepare({ source_type: "generic", [field]: long, metadata: { keep: true } });
      expect(result.ok && result.row.metadata).toEqual({ keep: true, truncated: true });
      expect(result.ok && (result.row[field as "message"] ?? "").length).toBe(MAX_TEXT_LENGTH);
    }
    const sourceField = prepare({
      source_type: "generic",
      source_fields: { CommandLine: "y".repeat(40_000) },
    });
    expect(sourceField.ok && sourceField.row.metadata.truncated).toBe(true);
    const short = prepare({ source_type: "generic", message: "x".repeat(MAX_TEXT_LENGTH) });
    expect(short.ok && short.row.metadata.truncated).toBeUndefined();
  });
});

describe("sanitizeField", () => {
  it("says whether the limit cut the text, not whether control characters were removed", () => {
    expect(sanitizeField("a\u0000b", 2)).toEqual({ text: "ab", cut: false });
    expect(sanitizeField("abc", 2)).toEqual({ text: "ab", cut: true });
    expect(sanitizeField(null)).toEqual({ text: null, cut: false });
  });
});

describe("KnownSites and the site check", () => {
  /** A database that knows a fixed set of sites and counts its queries. */
  function fakeDb(sites: Set<string>) {
    const queries: string[][] = [];
    const db = {
      pool: {
        query: async (_sql: string, [ids]: [string[]]) => {
          queries.push(ids);
          return { rows: ids.filter((id) => sites.has(id)).map((id) => ({ id })) };
        },
      },
    } as unknown as Database;
    return { db, queries };
  }
  const row = (index: number, site_id: string | null) => ({ index, row: { site_id } as never });

  it("remembers registered ids, asks again for unknown ones, and forgets a site that changed", async () => {
    const sites = new Set(["AUDIO_001"]);
    const { db, queries } = fakeDb(sites);
    const bus = new MemoryBus();
    const known = new KnownSites(db, bus);
    expect([...(await known.unknown(["AUDIO_001", "NEW", "AUDIO_001"]))]).toEqual(["NEW"]);
    sites.add("NEW");
    expect((await known.unknown(["AUDIO_001", "NEW"])).size).toBe(0);
    expect(queries).toEqual([["AUDIO_001", "NEW"], ["NEW"]]);
    sites.delete("NEW");
    await bus.publish("sites.changed", { site_id: "NEW" });
    expect([...(await known.unknown(["NEW"]))]).toEqual(["NEW"]);
  });

  it("refuses rows of unknown sites by index, except syslog lines and when unknown sites are accepted", async () => {
    const { db } = fakeDb(new Set(["AUDIO_001"]));
    const known = new KnownSites(db, new MemoryBus());
    const rows = [row(0, "AUDIO_001"), row(1, "AUDIO_999"), row(2, null)];
    const refuse = new InputPolicy({ unknownSites: "refuse", retentionDays: 90 }, known);
    const refusals = await refuse.siteRefusals(rows, http);
    expect([...refusals]).toEqual([
      [1, { field: "site_id", message: '"AUDIO_999" is not a registered site', type: "unknown_site" }],
    ]);
    expect((await refuse.siteRefusals(rows, syslog)).size).toBe(0);
    const accept = new InputPolicy({ unknownSites: "accept", retentionDays: 90 }, known);
    expect((await accept.siteRefusals(rows, http)).size).toBe(0);
  });
});
