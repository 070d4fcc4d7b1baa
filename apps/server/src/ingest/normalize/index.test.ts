import { readFileSync } from "node:fs";
import { SOURCE_TYPES, type SourceType } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { inferEventType, normalize, normalizers } from "./index.ts";

/** CONTRACT §3.1 for the seven fixed source types, and the keys this project chose for the others. */
const EXPECTED_KEYS: Record<SourceType, string[]> = {
  firewall: ["action", "protocol", "bytes_sent", "bytes_received", "rule_name"],
  ids: ["signature_id", "signature_name", "classification", "priority"],
  auth: ["auth_method", "result", "failure_reason", "service"],
  endpoint: ["process_name", "process_id", "parent_process", "command_line", "file_path"],
  dns: ["query", "query_type", "response", "response_code"],
  proxy: ["url", "method", "status_code", "user_agent", "content_type", "bytes_transferred"],
  generic: ["message"],
  network: ["protocol", "bytes_sent", "bytes_received", "packets", "interface", "direction"],
  email: ["sender", "recipient", "subject", "attachment", "verdict"],
  active_directory: ["windows_event_id", "domain", "workstation", "group", "logon_type"],
  application: ["app_name", "action", "resource", "status_code"],
};

const GARBAGE: unknown[] = [
  {},
  [],
  [1, 2, 3],
  "a string",
  null,
  { metadata: "not an object" },
  { metadata: [{ action: "deny" }] },
  Object.fromEntries(
    Object.values(EXPECTED_KEYS)
      .flat()
      .map((key) => [key, { nested: { deep: [key] } }]),
  ),
  Object.fromEntries(
    Object.values(EXPECTED_KEYS)
      .flat()
      .map((key) => [key, "x".repeat(1_000_000)]),
  ),
  { alert: [], dns: "rrname", http: { url: {} }, flow: null, signature: { id: { id: 1 } } },
];

describe("the normalizer registry", () => {
  it("has one normalizer per source type, with the contract's keys", () => {
    expect(Object.keys(normalizers).sort()).toEqual([...SOURCE_TYPES].sort());
    for (const type of SOURCE_TYPES) expect(normalizers[type].keys).toEqual(EXPECTED_KEYS[type]);
  });

  it.each(SOURCE_TYPES)("%s: every key is present and null for an empty input", (type) => {
    const normalized = normalize(type, {});
    expect(Object.keys(normalized)).toEqual(EXPECTED_KEYS[type]);
    expect(Object.values(normalized).every((value) => value === null)).toBe(true);
  });

  it.each(SOURCE_TYPES)("%s: garbage never throws and gives only text, numbers or null", (type) => {
    for (const input of GARBAGE) {
      const normalized = normalize(type, input as Record<string, unknown>);
      expect(Object.keys(normalized)).toEqual(EXPECTED_KEYS[type]);
      for (const value of Object.values(normalized)) {
        expect(value === null || typeof value === "number" || typeof value === "string").toBe(true);
        if (typeof value === "string") expect(value.length).toBeLessThanOrEqual(2_048);
      }
    }
  });

  it("uses the generic normalizer for a source type that slipped past validation", () => {
    expect(normalize("constructor" as SourceType, { message: "hi" })).toEqual({ message: "hi" });
    expect(inferEventType("__proto__" as SourceType, {})).toBe("unknown");
  });
});

describe("inferEventType", () => {
  it("takes the normalizer's guess", () => {
    expect(inferEventType("firewall", normalize("firewall", { action: "DROP" }))).toBe("firewall_deny");
    expect(inferEventType("dns", normalize("dns", {}))).toBe("dns_query");
  });

  it("falls back to unknown when the normalizer has no guess or no guess applies", () => {
    expect(inferEventType("firewall", normalize("firewall", { action: "log" }))).toBe("unknown");
    expect(inferEventType("generic", normalize("generic", { message: "x" }))).toBe("unknown");
    expect(inferEventType("proxy", normalize("proxy", { url: "http://x" }))).toBe("unknown");
  });
});

describe("real Suricata EVE events (fixtures/suricata-eve.jsonl)", () => {
  const lines = readFileSync(new URL("./fixtures/suricata-eve.jsonl", import.meta.url), "utf8")
    .trim()
    .split("\n");
  const eve = Object.fromEntries(
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).map((e) => [e.event_type, e]),
  );

  it("an alert normalizes as ids", () => {
    expect(normalize("ids", eve.alert!)).toEqual({
      signature_id: 2017318,
      signature_name: "ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command",
      classification: "Potentially Bad Traffic",
      priority: 2,
    });
  });

  it("a dns event normalizes as dns", () => {
    expect(normalize("dns", eve.dns!)).toEqual({
      query: "irc.freenode.net",
      query_type: "A",
      response: null,
      response_code: null,
    });
  });

  it("an http event normalizes as proxy", () => {
    const normalized = normalize("proxy", eve.http!);
    expect(normalized).toMatchObject({
      method: "GET",
      user_agent: "Google Update/1.3.21.65;winhttp",
      status_code: null,
      content_type: null,
      bytes_transferred: 0,
    });
    expect(normalized.url).toMatch(/^\/service\/check2\?appid=/);
  });

  it("flow and netflow events normalize as network", () => {
    expect(normalize("network", eve.flow!)).toMatchObject({
      protocol: "UDP",
      bytes_sent: 486,
      bytes_received: 0,
    });
    expect(normalize("network", eve.netflow!)).toMatchObject({
      protocol: "UDP",
      bytes_sent: 486,
      packets: 2,
    });
  });
});
