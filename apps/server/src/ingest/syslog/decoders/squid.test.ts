import { describe, expect, it } from "vitest";
import { event, prefixes } from "./test-support.ts";

const MISS =
  "1717228800.123    312 10.14.0.31 TCP_MISS/200 20480 GET http://search.example.org/?q=audiogram - HIER_DIRECT/198.51.100.80 text/html";
const DENIED =
  "1717228801.004      0 10.14.0.44 TCP_DENIED/403 3900 CONNECT casino.example.net:443 alice HIER_NONE/- text/html";
const AUTH_REQUIRED =
  "1717228802.500      1 10.14.0.45 TCP_DENIED/407 4120 GET http://updates.example.com/latest - NONE/- text/html";

describe("Squid access log", () => {
  it("reads allowed requests with cache result, peer, size and event time", () => {
    const e = event(MISS);
    expect(e).toMatchObject({
      source_type: "proxy",
      event_type: "http_request",
      source_ip: "10.14.0.31",
      dest_ip: "198.51.100.80",
      method: "GET",
      url: "http://search.example.org/?q=audiogram",
      status_code: 200,
      bytes_transferred: 20480,
      content_type: "text/html",
      username: null,
      timestamp: "2024-06-01T08:00:00.123Z",
    });
    expect(e.metadata).toMatchObject({
      decoder: "squid",
      cache_result: "TCP_MISS",
      hierarchy: "HIER_DIRECT",
      elapsed_ms: 312,
    });
  });

  it("turns denied requests (rules and proxy authentication) into blocked web requests", () => {
    expect(event(DENIED)).toMatchObject({
      event_type: "web_blocked",
      method: "CONNECT",
      url: "casino.example.net:443",
      username: "alice",
      status_code: 403,
      dest_ip: null,
    });
    expect(event(`<30>Jun  1 10:00:02 proxy01 squid[2231]: ${AUTH_REQUIRED}`)).toMatchObject({
      event_type: "web_blocked",
      status_code: 407,
      hostname: "proxy01",
      source_ip: "10.14.0.45",
    });
  });

  it("claims no other line that starts with a number", () => {
    for (const text of [
      "1,2024/06/01 10:02:11,012801012345,TRAFFIC,end",
      "1717228800.123 is not a squid line",
      "1717228800 312 10.0.0.1 TCP_MISS/200 1 GET http://x -",
    ]) {
      expect(event(text).metadata?.decoder).not.toBe("squid");
    }
  });

  it("survives truncated lines without throwing, and decodes the shortest useful prefix", () => {
    for (const line of [MISS, DENIED])
      for (const cut of prefixes(line, 3)) expect(() => event(cut)).not.toThrow();
    expect(
      event("1717228801.004 0 10.14.0.44 TCP_DENIED/403 3900 CONNECT casino.example.net:443"),
    ).toMatchObject({
      event_type: "web_blocked",
      username: null,
      content_type: null,
    });
  });
});
