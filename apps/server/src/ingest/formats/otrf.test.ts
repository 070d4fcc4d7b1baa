import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toSyslogEvent } from "../syslog/event.ts";
import { type IngestRecord, recogniseDocument } from "./index.ts";

/* The OTRF data sets (MIT, fixtures/otrf/NOTICE.md) and a Snare line: every document decoded and typed. */

const dir = new URL("./fixtures/otrf/", import.meta.url);
const documents = (path: string): Record<string, unknown>[] =>
  readFileSync(new URL(path, dir), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));

function record(doc: unknown): IngestRecord {
  const outcome = recogniseDocument(doc);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.record;
}

describe("OTRF Log4Shell (Log Analytics exports)", () => {
  const files = readdirSync(new URL("log4shell/", dir));
  const records = files.flatMap((file) => documents(`log4shell/${file}`).map(record));

  it("decodes all 182 events: none stays a generic syslog or JSON event", () => {
    expect(records).toHaveLength(182);
    const untyped = records.filter((r) => r.event_type === "syslog" || r.event_type === "json");
    expect(untyped).toEqual([]);
  });

  it("shows Java starting bash with a base64 reverse shell (Sysmon for Linux) with its Sigma fields", () => {
    const shell = records.find(
      (r) => r.source_fields?.Image === "/bin/bash" && String(r.source_fields?.ParentImage).endsWith("/java"),
    );
    expect(shell).toMatchObject({
      source_type: "endpoint",
      event_type: "process_created",
      hostname: "UBUNTU5",
    });
    expect(shell!.source_fields).toMatchObject({
      EventID: 1,
      Channel: "Linux-Sysmon/Operational",
      CommandLine: expect.stringContaining("base64,-d"),
    });
  });

  it("reads auoms execve records with their unescaped command line and serial", () => {
    const auoms = records.find(
      (r) => r.metadata?.decoder === "auditd" && String(r.command_line).includes("base64"),
    );
    expect(auoms).toMatchObject({
      event_type: "process_created",
      username: "tomcat",
      process_name: "/bin/bash",
    });
    expect(auoms!.source_fields).toMatchObject({
      type: "AUOMS_EXECVE",
      audit_serial: expect.any(Number),
      comm: "bash",
    });
  });

  it("types the Windows SecurityEvent rows by event id with EventData from their XML", () => {
    const wfp = records.find((r) => r.source_fields?.EventID === 5156);
    expect(wfp).toMatchObject({
      event_type: "connection_allowed",
      hostname: "WORKSTATION5",
      source_ip: "192.168.3.5",
    });
    expect(wfp!.source_fields).toMatchObject({ DestPort: "8080", Channel: "Security" });
  });
});

describe("OTRF APT29 Zeek logs", () => {
  const files = readdirSync(new URL("apt29-zeek/", dir));
  const records = files.flatMap((file) => documents(`apt29-zeek/${file}`).map(record));

  it("decodes every line with its log, addresses and dotted Zeek field names", () => {
    expect(records.length).toBe(405);
    expect(records.filter((r) => r.metadata?.format !== "zeek")).toEqual([]);
    const dns = records.find((r) => r.metadata?.zeek_log === "dns");
    expect(dns).toMatchObject({ source_type: "dns", source_ip: "10.0.1.4", dest_port: 53 });
    expect(dns!.source_fields).toMatchObject({ "id.orig_h": "10.0.1.4", query: "newyork.dmevals.local" });
  });

  it("keeps the SAMR and DRSUAPI calls and types the PE download", () => {
    const calls = records.filter((r) => r.event_type === "dce_rpc_call");
    expect(calls.some((r) => r.source_fields?.endpoint === "samr")).toBe(true);
    expect(calls.some((r) => r.source_fields?.endpoint === "drsuapi")).toBe(true);
    expect(records.filter((r) => r.event_type === "executable_transfer")).toHaveLength(1);
  });
});

describe("Linux audit, Snare and shipper JSON lines over syslog", () => {
  it("reads NXLog CE's to_json() sent over syslog TCP like the same JSON posted to the raw endpoint", () => {
    const json = readFileSync(new URL("./fixtures/nxlog.ndjson", import.meta.url), "utf8").split("\n")[0]!;
    const event = toSyslogEvent(`<14>Nov 20 09:14:04 AUDIO-SRV07 nxlog: ${json}`);
    expect(event).toMatchObject({
      event_type: "admin_group_member_added",
      hostname: "AUDIO-SRV07.audio007.local",
    });
    expect(event.source_fields).toMatchObject({ EventID: 4732, TargetUserName: "Administrators" });
    expect(event.metadata).toMatchObject({ decoder: "windows-json" });
  });

  it("reads auditd records of the atomic tests with their serial and command line", () => {
    const lines = readFileSync(new URL("linux-atomic/sh_arp_cache_2020-11-10074812.log", dir), "utf8").split(
      "\n",
    );
    const events = lines.filter((l) => l.trim()).map((line) => toSyslogEvent(line));
    expect(events.every((e) => e.metadata?.decoder === "auditd")).toBe(true);
    const execve = events.find((e) => e.source_fields?.type === "EXECVE");
    expect(execve).toMatchObject({ command_line: "arp -a" });
    expect(execve!.source_fields).toMatchObject({ audit_serial: 92733 });
  });

  it("reads a Snare MSWinEventLog line as the Windows event it carries", () => {
    const line = readFileSync(new URL("./fixtures/mswineventlog.log", import.meta.url), "utf8").trim();
    const event = toSyslogEvent(line);
    expect(event).toMatchObject({
      event_type: "login_failure",
      hostname: "RECEP-PC05.audio005.local",
      username: "claire.petit",
      source_ip: "192.0.2.77",
      timestamp: "2026-11-20T12:01:43.000Z",
    });
    expect(event.source_fields).toMatchObject({ EventID: 4625, Channel: "Security", LogonType: "3" });
  });
});
