import { describe, expect, it } from "vitest";
import { classifySeverity } from "../../classify.ts";
import type { SyslogEvent } from "../types.ts";
import { event, prefixes } from "./test-support.ts";

const at = (text: string) => event(`Jun  1 10:00:00 ns1 named[811]: ${text}`);
/** The severity the ingest pipeline's classifier gives the event (decoders leave it to the classifier). */
const severityOf = (e: SyslogEvent) =>
  classifySeverity({ event_type: e.event_type ?? "", message: e.message ?? null, normalized: {} });

describe("BIND named", () => {
  it("reads query log lines, with and without the 9.11+ client pointer and query name", () => {
    const modern = at(
      "client @0x7f0c4c0e1a60 10.7.1.23#53211 (www.example.org): query: www.example.org IN A +E(0)K (10.7.0.53)",
    );
    expect(modern).toMatchObject({
      source_type: "dns",
      event_type: "dns_query",
      source_ip: "10.7.1.23",
      source_port: 53211,
      dest_ip: "10.7.0.53",
      query: "www.example.org",
      query_type: "A",
      response_code: null,
      hostname: "ns1",
    });
    expect(modern.metadata).toMatchObject({ decoder: "named", query_class: "IN", query_flags: "+E(0)K" });
    expect(at("client 192.0.2.7#1036: query: mail.example.org IN MX + (192.0.2.53)")).toMatchObject({
      query: "mail.example.org",
      query_type: "MX",
      source_ip: "192.0.2.7",
    });
  });

  it("reads refused queries, old and new forms, with the reason BIND gives", () => {
    const old = at("client 203.0.113.9#1036: query (cache) denied");
    expect(old).toMatchObject({
      event_type: "dns_query",
      response_code: "REFUSED",
      source_ip: "203.0.113.9",
      query: null,
    });
    expect(severityOf(old)).toBe("medium");
    const modern = at(
      "client @0x7f0c4c0e1a60 203.0.113.9#42133 (evil.example): query (cache) 'evil.example/ANY/IN' denied (allow-query-cache did not match)",
    );
    expect(modern).toMatchObject({ query: "evil.example", query_type: "ANY", response_code: "REFUSED" });
    expect(modern.metadata).toMatchObject({ denial_reason: "allow-query-cache did not match" });
  });

  it("reads zone transfer denials, bad transfer requests, update denials and allowed transfers", () => {
    expect(
      at(
        "client @0x7f0c4c0e1a60 203.0.113.50#51234 (example.org): zone transfer 'example.org/AXFR/IN' denied",
      ),
    ).toMatchObject({
      query: "example.org",
      query_type: "AXFR",
      response_code: "REFUSED",
      source_port: 51234,
    });
    expect(
      at(
        "client 203.0.113.50#51235: bad zone transfer request: 'internal.example/IN': non-authoritative zone (NOTAUTH)",
      ),
    ).toMatchObject({ query: "internal.example", query_type: "AXFR", response_code: "REFUSED" });
    expect(at("client 203.0.113.51#5300: update 'example.org/IN' denied")).toMatchObject({
      query_type: "UPDATE",
      response_code: "REFUSED",
    });
    const allowed = at(
      "client @0x7f0c4c0e1a60 10.7.0.54#40001 (example.org): transfer of 'example.org/IN': AXFR started (serial 2024060101)",
    );
    expect(allowed).toMatchObject({ query_type: "AXFR", response_code: null, source_ip: "10.7.0.54" });
    expect(severityOf(allowed)).toBe("info");
  });

  it("reads the category prefix and BIND's own log file stamp", () => {
    const e = event(
      "01-Jun-2024 10:00:00.123 queries: info: client @0x7f0c4c0e1a60 10.7.1.23#53211 (x.example): query: x.example IN AAAA + (10.7.0.53)",
    );
    expect(e).toMatchObject({
      query_type: "AAAA",
      timestamp: new Date(2024, 5, 1, 10, 0, 0, 123).toISOString(),
    });
    expect(e.metadata).toMatchObject({ category: "queries" });
    expect(
      at("security: info: client 203.0.113.9#1036: query (cache) 'a.example/A/IN' denied"),
    ).toMatchObject({
      response_code: "REFUSED",
    });
  });

  it("leaves other named messages and other programs alone", () => {
    expect(at("zone example.org/IN: loaded serial 2024060101").source_type).toBe("generic");
    expect(at("client 203.0.113.9#1036: query (cache)").source_type).toBe("generic");
    expect(
      event("Jun  1 10:00:00 ns1 unbound[9]: client 203.0.113.9#1036: query (cache) denied").metadata
        ?.decoder,
    ).not.toBe("named");
  });

  it("survives truncated and odd lines without throwing", () => {
    const line =
      "client @0x7f0c4c0e1a60 203.0.113.9#42133 (evil.example): query (cache) 'evil.example/ANY/IN' denied (x)";
    for (const cut of prefixes(line, 3)) expect(() => at(cut)).not.toThrow();
    expect(at("client 999.1.1.1#99999: query: a IN A +")).toMatchObject({
      source_ip: null,
      source_port: null,
    });
  });
});
