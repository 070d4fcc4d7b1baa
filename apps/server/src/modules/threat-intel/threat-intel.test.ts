import { describe, expect, it, vi } from "vitest";
import { MemoryBus } from "../../platform/bus/memory-bus.ts";
import { readIndicatorFile, recogniseFormat } from "./formats/index.ts";
import { patternComparisons } from "./formats/stix.ts";
import { csvFields } from "./formats/text-list.ts";
import { type IndicatorHit, IndicatorIndex } from "./indicator-index.ts";
import { IndicatorSet } from "./indicator-set.ts";
import { type IndicatorKind, normaliseIndicator } from "./indicator-values.ts";

const hit = (kind: IndicatorKind, value: string, confidence = 50, source = "s"): IndicatorHit => ({
  kind,
  value,
  source,
  confidence,
});
const at = (index: IndicatorIndex, fields: Record<string, unknown>) =>
  index.match({
    source_ip: fields.source_ip as string,
    dest_ip: fields.dest_ip as string,
    normalized: fields,
  });

describe("indicator values", () => {
  it.each([
    ["203.0.113.7", { kind: "ip", value: "203.0.113.7" }],
    ["2001:DB8:0:0::1", { kind: "ip", value: "2001:db8::1" }],
    ["10.1.2.3/8", { kind: "cidr", value: "10.0.0.0/8" }],
    ["2001:db8:ffff::/32", { kind: "cidr", value: "2001:db8::/32" }],
    ["192.0.2.1/32", { kind: "ip", value: "192.0.2.1" }],
    ["Evil.Example.COM.", { kind: "domain", value: "evil.example.com" }],
    ["HTTPS://Bad.Example:443/x?y#z", { kind: "url", value: "bad.example/x?y" }],
    ["http://bad.example:8080", { kind: "url", value: "bad.example:8080/" }],
    ["44D88612FEA8A8F36DE82E1278ABB02F", { kind: "hash", value: "44d88612fea8a8f36de82e1278abb02f" }],
    ["not a thing!", { error: "not an IP, CIDR, domain, URL or hash" }],
    ["10.0.0.0/33", { error: "not a valid CIDR" }],
    ["01.2.3.4", { error: "not an IP, CIDR, domain, URL or hash" }],
  ])("%s", (text, expected) => {
    expect(normaliseIndicator(text)).toEqual(expected);
  });

  it("checks a value against the kind a file names", () => {
    expect(normaliseIndicator("evil.example.com", "ip")).toEqual({ error: "not a valid ip" });
    expect(normaliseIndicator("abcd", "hash")).toEqual({ error: "not a valid hash" });
  });
});

describe("indicator files", () => {
  it("splits CSV fields with quotes", () => {
    expect(csvFields('a, "b, c" ,"say ""hi"""')).toEqual(["a", "b, c", 'say "hi"']);
  });

  it("reads a CSV with a header, refusing bad columns line by line", () => {
    const file = readIndicatorFile(
      "value,kind,confidence,expires_at\n1.2.3.4,ip,90,2030-01-01\nx,alien,,\n5.6.7.8,,101,\n9.9.9.9,,,soon\n",
      "auto",
    );
    expect(file.indicators).toEqual([
      { ref: "line 2", value: "1.2.3.4", kind: "ip", confidence: 90, expires_at: new Date("2030-01-01") },
    ]);
    expect(file.refused.map((r) => r.ref)).toEqual(["line 3", "line 4", "line 5"]);
  });

  it("recognises STIX and MISP JSON, and fails whole on bad JSON", () => {
    expect(recogniseFormat('{"type":"bundle","objects":[]}')).toBe("stix");
    expect(recogniseFormat('{"Event":{}}')).toBe("misp");
    expect(recogniseFormat("1.2.3.4")).toBe("text");
    expect(() => readIndicatorFile("{oops", "auto")).toThrow(/not valid JSON/);
    expect(() => readIndicatorFile('{"hello":1}', "misp")).toThrow(/not a MISP event/);
  });

  it("reads simple STIX patterns only", () => {
    expect(
      patternComparisons("[ipv4-addr:value = '1.2.3.4'] OR [url:value = 'http://x.example/a\\'b']"),
    ).toEqual([
      { path: "ipv4-addr:value", value: "1.2.3.4" },
      { path: "url:value", value: "http://x.example/a'b" },
    ]);
    expect(patternComparisons("[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '5.6.7.8']")).toHaveLength(
      2,
    );
    expect(patternComparisons("[ipv4-addr:value = '1.2.3.4'] AND [url:value = 'x']")).toBeNull();
    expect(patternComparisons("[ipv4-addr:value != '1.2.3.4']")).toBeNull();
    expect(patternComparisons("[file:name MATCHES 'x']")).toBeNull();
  });
});

describe("the indicator index", () => {
  const index = new IndicatorIndex([
    hit("ip", "203.0.113.7", 40),
    hit("ip", "203.0.113.7", 90, "better"),
    hit("ip", "2001:db8::1"),
    hit("cidr", "198.51.100.0/24"),
    hit("cidr", "10.0.0.0/8", 10),
    hit("cidr", "2001:db8:ff00::/40"),
    hit("domain", "evil.example.com"),
    hit("url", "bad.example/path?q=1"),
    hit("hash", "a".repeat(64)),
  ]);

  it("matches addresses exactly and in networks, the most confident first", () => {
    expect(at(index, { dest_ip: "203.0.113.7" })).toMatchObject({ source: "better", field: "dest_ip" });
    expect(at(index, { source_ip: "2001:DB8:0::1" })?.value).toBe("2001:db8::1");
    expect(at(index, { source_ip: "198.51.100.200" })?.value).toBe("198.51.100.0/24");
    expect(at(index, { source_ip: "10.200.3.4" })?.value).toBe("10.0.0.0/8");
    expect(at(index, { source_ip: "2001:db8:ff12::9" })?.value).toBe("2001:db8:ff00::/40");
    expect(at(index, { source_ip: "198.51.101.1" })).toBeNull();
  });

  it("matches domains with their subdomains, URLs and hashes", () => {
    expect(at(index, { query: "CDN.evil.example.com." })?.value).toBe("evil.example.com");
    expect(at(index, { query: "notevil.example.com" })).toBeNull();
    expect(at(index, { url: "http://Bad.example/path?q=1" })?.kind).toBe("url");
    expect(at(index, { url: "evil.example.com/anything" })?.value).toBe("evil.example.com");
    expect(at(index, { Hashes: `MD5=${"B".repeat(32)},SHA256=${"A".repeat(64)}` })).toMatchObject({
      kind: "hash",
      field: "Hashes",
    });
  });
});

describe("the indicator set of a node", () => {
  it("reloads when a list changes on any node, and keeps its indicators when a reload fails", async () => {
    const bus = new MemoryBus();
    let lists: IndicatorHit[][] | "broken" = [[hit("ip", "192.0.2.1")]];
    const set = new IndicatorSet({
      bus,
      load: async () => {
        if (lists === "broken") throw new Error("database down");
        return lists.flat();
      },
    });
    await set.start();
    expect(set.match({ source_ip: "192.0.2.1", normalized: {} })?.value).toBe("192.0.2.1");
    lists = [[hit("ip", "192.0.2.1")], [hit("domain", "evil.example")]];
    await bus.publish("indicators.changed", { source: "other" });
    await vi.waitFor(() => expect(set.size).toBe(2));
    lists = "broken";
    await set.reload();
    expect(set.size).toBe(2);
    set.stop();
  });
});
