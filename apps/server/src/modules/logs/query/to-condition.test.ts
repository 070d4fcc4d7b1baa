import { describe, expect, it } from "vitest";
import { parseQuery } from "./parse.ts";
import { searchToCondition } from "./to-condition.ts";

const convert = (q: string, filters = {}) => searchToCondition(q ? parseQuery(q) : undefined, filters);
const tree = (q: string) => convert(q).event_filter;

describe("search → rule condition, node by node", () => {
  it("field:value on a text field is a case-insensitive equality", () => {
    expect(tree("username:Alice")).toEqual({ field: "username", value: "Alice" });
  });

  it("a keyword field keeps the search's exact canonical value, and its name in lower case", () => {
    expect(tree("Site_ID:audio_004")).toEqual({ field: "site_id", value: "AUDIO_004", cased: true });
    expect(tree("source_type:AUTH")).toEqual({ field: "source_type", value: "auth", cased: true });
  });

  it("a quoted phrase of a field stays one value; a wildcard becomes the rules' wildcard", () => {
    expect(tree('message:"failed password"')).toEqual({ field: "message", value: "failed password" });
    expect(tree("hostname:recep*")).toEqual({ field: "hostname", op: "wildcard", value: "recep*" });
    expect(tree("username:?ob")).toEqual({ field: "username", op: "wildcard", value: "?ob" });
    expect(tree('hostname:"recep*"')).toEqual({ field: "hostname", value: "recep*" });
  });

  it("free text is a keyword test; bare words and prefixes are reported as wider", () => {
    const words = convert("sshd admin*");
    expect(words.event_filter).toEqual({
      all: [{ keywords: { value: "sshd" } }, { keywords: { value: "admin" } }],
    });
    expect(words.notes.map((n) => [n.part, n.effect, n.position])).toEqual([
      ["sshd", "widened", 0],
      ["admin*", "widened", 5],
    ]);
    const phrase = convert('"failed password"');
    expect(phrase.event_filter).toEqual({ keywords: { value: "failed password" } });
    expect(phrase.notes).toEqual([]);
  });

  it("AND, OR, NOT and parentheses become all, any and not", () => {
    expect(tree("(username:bob OR username:carol) -hostname:ws-1")).toEqual({
      all: [
        {
          any: [
            { field: "username", value: "bob" },
            { field: "username", value: "carol" },
          ],
        },
        { not: { field: "hostname", value: "ws-1" } },
      ],
    });
  });

  it("numeric ranges use lt/lte/gt/gte; a source's own field compares numbers too", () => {
    expect(tree("dest_port>=1024")).toEqual({ field: "dest_port", op: "gte", value: 1024 });
    expect(tree("source_port<1024")).toEqual({ field: "source_port", op: "lt", value: 1024 });
    expect(tree("metadata.agent.version>7")).toEqual({ field: "metadata.agent.version", op: "gt", value: 7 });
  });

  it("severity ranges become the list of severities they keep", () => {
    expect(tree("severity>=high")).toEqual({ field: "severity", value: ["critical", "high"], cased: true });
    expect(tree("severity<medium")).toEqual({ field: "severity", value: ["low", "info"], cased: true });
    expect(tree("severity>critical")).toEqual({ any: [] });
  });

  it("an address with a prefix length is a CIDR test; a plain one an equality", () => {
    expect(tree("source_ip:10.7.0.0/16")).toEqual({ field: "source_ip", op: "cidr", value: "10.7.0.0/16" });
    expect(tree("dest_ip:2001:DB8::/32")).toEqual({ field: "dest_ip", op: "cidr", value: "2001:db8::/32" });
    expect(tree("dest_ip:10.0.0.1")).toEqual({ field: "dest_ip", value: "10.0.0.1" });
  });

  it("field:* is exists, and NOT field:* its absence", () => {
    expect(tree("hostname:*")).toEqual({ field: "hostname", op: "exists", value: true });
    expect(tree("NOT hostname:*")).toEqual({ not: { field: "hostname", op: "exists", value: true } });
  });

  it("enriched, normalized and source fields keep their names; AS numbers compare as numbers", () => {
    expect(tree("source_country:ru")).toEqual({ field: "source_country", value: "RU", cased: true });
    expect(tree("dest_asn:AS13335")).toEqual({ field: "dest_asn", value: 13335 });
    expect(tree("Image:*powershell*")).toEqual({ field: "Image", op: "wildcard", value: "*powershell*" });
    expect(tree("normalized.service:sshd")).toEqual({ field: "normalized.service", value: "sshd" });
  });

  it("times, triage and alert ids have no rule equivalent: left out, reported with their position", () => {
    const result = convert("sshd timestamp>=now-1h status:new alert:0190a0e0-0000-7000-8000-000000000000");
    expect(result.event_filter).toEqual({ keywords: { value: "sshd" } });
    expect(result.notes.filter((n) => n.effect === "dropped")).toEqual([
      { part: "timestamp>=now-1h", effect: "dropped", reason: "time", position: 5 },
      { part: "status:new", effect: "dropped", reason: "triage", position: 23 },
      {
        part: "alert:0190a0e0-0000-7000-8000-000000000000",
        effect: "dropped",
        reason: "alert",
        position: 34,
      },
    ]);
  });

  it("a left-out part under OR or NOT leaves the whole part out, so the rule only widens", () => {
    expect(tree("username:bob OR timestamp>now-1h")).toEqual({ all: [] });
    expect(tree("username:bob NOT timestamp>now-1h")).toEqual({ field: "username", value: "bob" });
  });

  it("the form's filters become exact equalities; its time window and triage status are reported", () => {
    const result = convert("username:bob hostname:*", {
      site_id: "AUDIO_004",
      severity: "high",
      status: "new",
      range: "24h",
      sort: "timestamp",
    });
    expect(result.event_filter).toEqual({
      all: [
        { field: "site_id", value: "AUDIO_004", cased: true },
        { field: "severity", value: "high", cased: true },
        { field: "username", value: "bob" },
        { field: "hostname", op: "exists", value: true },
      ],
    });
    expect(result.notes).toEqual([
      { part: "status=new", effect: "dropped", reason: "triage" },
      { part: "range=24h", effect: "dropped", reason: "time" },
    ]);
  });

  it("no search at all matches every event", () => {
    expect(convert("").event_filter).toEqual({ all: [] });
  });
});
