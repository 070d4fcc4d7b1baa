import { describe, expect, it } from "vitest";
import { parseQuery, QuerySyntaxError } from "./parse.ts";

const errorAt = (q: string) => {
  try {
    parseQuery(q);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error.position;
    throw error;
  }
  throw new Error(`parsed: ${q}`);
};

describe("the search language parser", () => {
  it("reads field terms, free text, implicit AND and OR with AND binding tighter", () => {
    expect(parseQuery("sshd severity:medium OR site_id:AUDIO_007")).toMatchObject({
      kind: "or",
      children: [
        {
          kind: "and",
          children: [
            { kind: "text", value: "sshd" },
            { kind: "field", field: "severity", op: ":", value: "medium" },
          ],
        },
        { kind: "field", field: "site_id", value: "AUDIO_007" },
      ],
    });
  });

  it("reads NOT, '-', parentheses, quoted phrases and comparisons", () => {
    expect(parseQuery('-event_type:login_success NOT (a OR "b c") dest_port>=1024')).toMatchObject({
      kind: "and",
      children: [
        { kind: "not", child: { kind: "field", field: "event_type" } },
        { kind: "not", child: { kind: "or", children: [{ value: "a" }, { value: "b c", quoted: true }] } },
        { kind: "field", field: "dest_port", op: ">=", value: "1024" },
      ],
    });
  });

  it("keeps a value whole after a comparison: IPv6, times, CIDR blocks, dashes", () => {
    expect(parseQuery("source_ip:fe80::1")).toMatchObject({ value: "fe80::1" });
    expect(parseQuery("timestamp>=2026-12-01T10:00:00Z")).toMatchObject({
      op: ">=",
      value: "2026-12-01T10:00:00Z",
    });
    expect(parseQuery("source_ip:10.7.0.0/16")).toMatchObject({ value: "10.7.0.0/16" });
    expect(parseQuery("timestamp>now-15m")).toMatchObject({ value: "now-15m" });
    expect(parseQuery("refused-before-networks")).toMatchObject({
      kind: "text",
      value: "refused-before-networks",
    });
  });

  it("reads escapes in quoted values and bare words", () => {
    expect(parseQuery('message:"say \\"hi\\""')).toMatchObject({ value: 'say "hi"', quoted: true });
    expect(parseQuery("CommandLine:*\\*x")).toMatchObject({ value: "**x" });
  });

  it("names the position of each syntax error", () => {
    expect(errorAt('a "unclosed')).toBe(2);
    expect(errorAt("(a OR b")).toBe(0);
    expect(errorAt("a)")).toBe(1);
    expect(errorAt("severity:")).toBe(8);
    expect(errorAt("OR a")).toBe(0);
    expect(errorAt("a AND")).toBe(5);
    expect(errorAt('"quoted":x')).toBe(0);
    expect(errorAt("   ")).toBe(0);
    expect(errorAt(`${"(".repeat(40)}a${")".repeat(40)}`)).toBeGreaterThan(0);
  });
});
