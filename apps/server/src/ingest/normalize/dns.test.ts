import { describe, expect, it } from "vitest";
import { dnsNormalizer } from "./dns.ts";

const { normalize, inferEventType } = dnsNormalizer;

describe("dns normalizer", () => {
  it("reads Suricata's nested dns object", () => {
    expect(
      normalize({ dns: { rrname: "evil.example", rrtype: "TXT", rcode: "NXDOMAIN", rdata: "v=x" } }),
    ).toEqual({
      query: "evil.example",
      query_type: "TXT",
      response: "v=x",
      response_code: "NXDOMAIN",
    });
  });

  it("reads Zeek's dns.log, preferring the rcode name and joining the answers", () => {
    const zeek = {
      query: "a.example",
      qtype_name: "A",
      qtype: 1,
      rcode: 0,
      rcode_name: "NOERROR",
      answers: ["1.2.3.4", "5.6.7.8"],
    };
    expect(normalize(zeek)).toEqual({
      query: "a.example",
      query_type: "A",
      response: "1.2.3.4, 5.6.7.8",
      response_code: "NOERROR",
    });
  });

  it("turns a numeric rcode into text", () => {
    expect(normalize({ rcode: 3 }).response_code).toBe("3");
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { rrname: "x.example", rrtype: "AAAA" } })).toMatchObject({
      query: "x.example",
      query_type: "AAAA",
    });
  });

  it("proposes dns_query", () => {
    expect(inferEventType?.(normalize({}))).toBe("dns_query");
  });
});
