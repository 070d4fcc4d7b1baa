import { describe, expect, it, vi } from "vitest";
import { prepareEvent } from "../prepare.ts";
import { NetworkTable, senderIp } from "../syslog/cidr.ts";
import { AsnTable } from "./asn-table.ts";
import { GeoDatabase, geoFiles } from "./geo-database.ts";
import { geoEnricher } from "./geo-enricher.ts";
import { ENRICHERS, Enrichment, lazyGeoDatabase } from "./index.ts";
import { siteEnricher } from "./site-enricher.ts";
import { isPublicAddress } from "./special-ranges.ts";

// The real shipped database: the test also proves the packages are installed and readable.
const database = GeoDatabase.open(geoFiles());
const sites = new NetworkTable([
  { siteId: "AUDIO_005", networks: ["10.5.0.0/16", "fd00:5::/32"] },
  { siteId: "AUDIO_006", networks: ["10.5.6.0/24"] },
]);

function row(source_ip: unknown, dest_ip?: unknown) {
  const prepared = prepareEvent(
    { source_type: "firewall", source_ip, dest_ip, message: "probe" },
    { receiver: "test", deviceLines: true },
    new Date(),
  );
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.row;
}

const enrich = (enrichment: Enrichment, ...addresses: unknown[]) => {
  const r = row(addresses[0], addresses[1]);
  enrichment.enrich([r]);
  return r.normalized;
};
const all = Enrichment.of({ sites, geo: () => database });

describe("geolocation enricher", () => {
  it("adds country and AS to public IPv4 and IPv6 addresses", () => {
    const normalized = enrich(all, "8.8.8.8", "2606:4700:4700::1111");
    expect(normalized).toMatchObject({
      source_country: "US",
      source_asn: 15169,
      source_as_org: "Google LLC",
      dest_country: "US",
      dest_asn: 13335,
      dest_as_org: "Cloudflare, Inc.",
    });
  });

  it("reads an IPv4-mapped IPv6 address as IPv4", () => {
    expect(enrich(all, "::ffff:1.1.1.1")).toMatchObject({ source_country: "AU", source_asn: 13335 });
  });

  it("adds nothing for private, shared, loopback, link-local, documentation and multicast addresses", () => {
    const none = ["10.1.2.3", "172.20.0.1", "192.168.1.1", "100.64.3.4", "127.0.0.1", "169.254.1.1"];
    const more = ["192.0.2.7", "198.51.100.7", "203.0.113.7", "224.0.0.5", "::1", "fe80::1", "fd12::1"];
    for (const address of [...none, ...more, "2001:db8::1"]) {
      expect(isPublicAddress(senderIp(address)!), address).toBe(false);
      const normalized = enrich(Enrichment.of({ sites, geo: () => database }), address);
      expect(normalized.source_country, address).toBeUndefined();
      expect(normalized.source_asn, address).toBeUndefined();
    }
  });

  it("ignores values that are no address and events without one", () => {
    // Decoded lines keep a bad address in metadata: the column is then empty.
    const bad = row("not-an-ip", "999.1.1.1");
    all.enrich([bad]);
    expect(bad.normalized.source_country).toBeUndefined();
    expect(bad.source_ip).toBeNull();
    const empty = row(undefined);
    all.enrich([empty]);
    expect(Object.keys(empty.normalized).filter((k) => /_(country|asn|site)$/.test(k))).toEqual([]);
  });

  it("asks the database only for public addresses not seen before, and adds nothing when it cannot be read", () => {
    const open = vi.fn(() => database);
    const geo = geoEnricher(open);
    for (const address of ["10.0.0.1", "8.8.8.8", "8.8.4.4", "8.8.8.8"]) geo.enrich(row(address));
    expect(open).toHaveBeenCalledTimes(2); // two distinct public addresses, each looked up once (cached)
    const logger = { error: vi.fn(), info: vi.fn() };
    const missing = lazyGeoDatabase(logger, "/nonexistent/geoip");
    const r = row("8.8.8.8");
    geoEnricher(missing).enrich(r);
    expect(r.normalized.source_country).toBeUndefined();
    expect(missing()).toBeNull();
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});

describe("AS table", () => {
  it("reads quoted organisations, skips lines that are not ranges, answers by range", () => {
    const v4 =
      '16777216,16777471,13335,"Cloudflare, Inc."\nnot,a\n16778240,16779263,38803,"A ""quoted"" org"\n';
    const v6 = "42540528726795050063891204319802818560,42540528806023212578155541913346768895,2500,WIDE\n";
    const table = new AsnTable(v4, v6);
    expect(table.size).toEqual({ v4: 2, v6: 1 });
    expect(table.lookup(senderIp("1.0.0.9")!)).toEqual({ asn: 13335, org: "Cloudflare, Inc." });
    expect(table.lookup(senderIp("1.0.4.1")!)).toEqual({ asn: 38803, org: 'A "quoted" org' });
    expect(table.lookup(senderIp("1.0.2.1")!)).toBeNull();
    expect(table.lookup(senderIp("2001:200::1")!)).toEqual({ asn: 2500, org: "WIDE" });
    expect(table.lookup(senderIp("2001:300::1")!)).toBeNull();
  });
});

describe("site enricher", () => {
  it("labels addresses with the site whose most specific network holds them", () => {
    const normalized = enrich(all, "10.5.6.7", "10.5.1.1");
    expect(normalized).toMatchObject({ source_site: "AUDIO_006", dest_site: "AUDIO_005" });
    expect(normalized.source_country).toBeUndefined();
    expect(enrich(all, "fd00:5::9").source_site).toBe("AUDIO_005");
    const outside = row("10.9.0.1");
    siteEnricher(sites).enrich(outside);
    expect(outside.normalized.source_site).toBeUndefined();
  });
});

describe("the registry", () => {
  it("runs every registered enricher in order, or none when enrichment is off", () => {
    expect(ENRICHERS.map((e) => e.name)).toEqual(["site", "geo", "threat-intel"]);
    expect(all.names).toEqual(["site", "geo", "threat-intel"]);
    const normalized = enrich(Enrichment.off(), "8.8.8.8", "10.5.1.1");
    expect(normalized.source_country).toBeUndefined();
    expect(normalized.dest_site).toBeUndefined();
  });

  it("keeps going when an enricher throws, and reports it", () => {
    const failures: string[] = [];
    const throwing = {
      name: "throwing",
      enrich: () => {
        throw new Error("boom");
      },
    };
    const enrichment = new Enrichment([throwing, siteEnricher(sites)], (name) => failures.push(name));
    expect(enrich(enrichment, "10.5.1.1").source_site).toBe("AUDIO_005");
    expect(failures).toEqual(["throwing"]);
  });
});
