import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type IngestRecord, recogniseDocument, UnreadableDocument } from "./index.ts";

const lines = (name: string): unknown[] =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));

function record(doc: unknown, format?: string): IngestRecord {
  const outcome = recogniseDocument(doc, format);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.record;
}

describe("EVTX-converted JSON (SigmaHQ regression samples)", () => {
  const records = lines("sigma-regression-evtx.ndjson").map((doc) => record(doc));

  it("keeps channel, event id, computer and every EventData field under its Windows name", () => {
    const sc = records[0]!;
    expect(sc).toMatchObject({
      source_type: "endpoint",
      event_type: "process_created",
      hostname: "ar-win-1",
    });
    expect(sc.source_fields).toMatchObject({
      EventID: 1,
      Channel: "Microsoft-Windows-Sysmon/Operational",
      Provider_Name: "Microsoft-Windows-Sysmon",
      Computer: "ar-win-1",
      EventRecordID: 256875,
      Image: "C:\\Windows\\System32\\sc.exe",
      CommandLine: "sc  stop mpssvc",
      OriginalFileName: "sc.exe",
    });
    expect(sc.timestamp).toBe("2025-10-22T20:33:27.276702Z");
  });

  it("types Security events and names the target user", () => {
    const explicit = records[1]!;
    expect(explicit).toMatchObject({
      source_type: "auth",
      event_type: "explicit_credentials_logon",
      username: "testuser",
    });
    expect(explicit.source_fields).toMatchObject({
      EventID: 4648,
      Channel: "Security",
      SubjectUserName: "xodih",
    });
    expect(records[2]).toMatchObject({ event_type: "scheduled_task_disabled" });
  });

  it("reads UserData like EventData", () => {
    const wmi = records.at(-1)!;
    expect(wmi.source_fields).toMatchObject({
      EventID: 5858,
      ClientMachine: "SWACHCHHANDA",
      ResultCode: "0x80041003",
    });
    expect(wmi.event_type).toBe("windows_event");
  });
});

describe("shippers' JSON", () => {
  it("Winlogbeat: a failed network logon with its reason, client address and target user", () => {
    const [failure, process, defender] = lines("winlogbeat.ndjson").map((doc) => record(doc));
    expect(failure).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      severity: "medium",
      username: "marie.dupont",
      hostname: "RECEP-PC01.audio007.local",
      source_ip: "203.0.113.45",
      source_port: 51544,
      result: "failure",
      failure_reason: "bad_password",
      service: "network",
      timestamp: "2026-11-20T08:02:11.412Z",
    });
    expect(failure!.source_fields).toMatchObject({ EventID: 4625, LogonType: "3", EventRecordID: 88412 });
    expect(process!.source_fields).toMatchObject({
      EventID: 1,
      ParentImage: expect.stringMatching(/WINWORD\.EXE$/),
    });
    expect(defender).toMatchObject({ event_type: "realtime_protection_disabled", severity: "high" });
  });

  it("NXLog im_msvistalog: an admin group change and a service install", () => {
    const [group, service] = lines("nxlog.ndjson").map((doc) => record(doc));
    expect(group).toMatchObject({
      event_type: "admin_group_member_added",
      severity: "high",
      group: "Administrators",
      username: "admin.tmp",
    });
    expect(group!.source_fields).toMatchObject({
      EventID: 4732,
      SubjectUserName: "admin.tmp",
      MemberSid: expect.any(String),
    });
    expect(group!.source_fields).not.toHaveProperty("SourceModuleType");
    expect(service).toMatchObject({ event_type: "service_installed", severity: "high" });
    expect(service!.source_fields).toMatchObject({
      EventID: 7045,
      Channel: "System",
      ServiceName: "PSEXESVC",
    });
  });

  it("Wazuh: camelCase EventData becomes Windows names, bare or inside an alert", () => {
    const [lockout, cleared] = lines("wazuh.ndjson").map((doc) => record(doc));
    expect(lockout).toMatchObject({ event_type: "account_locked", username: "sophie.martin" });
    expect(lockout!.source_fields).toMatchObject({
      EventID: 4740,
      TargetUserName: "sophie.martin",
      SubjectLogonId: "0x3e7",
    });
    expect(lockout!.message).toMatch(/^A user account was locked out\./);
    expect(cleared).toMatchObject({
      event_type: "audit_log_cleared",
      severity: "high",
      hostname: "RECEP-PC02.audio003.local",
    });
  });

  it("Fluent Bit: winevtlog inserts named by position, zone offsets read, and the older winlog", () => {
    const [logon, file, service] = lines("fluent-bit.ndjson").map((doc) => record(doc));
    expect(logon).toMatchObject({
      event_type: "login_success",
      severity: "low",
      username: "paul.bernard",
      source_ip: "198.51.100.23",
    });
    expect(logon!.timestamp).toBe("2026-11-20T11:15:01+01:00");
    expect(logon!.source_fields).toMatchObject({ LogonType: "10", IpAddress: "198.51.100.23" });
    expect(file!.source_fields).toMatchObject({
      EventID: 11,
      TargetFilename: expect.stringMatching(/\.locked$/),
    });
    expect(service).toMatchObject({ event_type: "service_installed", hostname: "RECEP-PC12" });
    expect(service!.source_fields).toMatchObject({
      ServiceName: "UpdaterSvc",
      ImagePath: "C:\\ProgramData\\upd.exe",
    });
  });
});

describe("refusals and generic documents", () => {
  it("refuses a Windows event with a missing or wrongly typed system field, naming it", () => {
    const base = lines("sigma-regression-evtx.ndjson")[0] as { Event: { System: Record<string, unknown> } };
    const broken = (patch: Record<string, unknown>) => ({
      Event: { ...base.Event, System: { ...base.Event.System, ...patch } },
    });
    expect(recogniseDocument(broken({ EventID: "one" }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/EventID must be an integer/),
    });
    expect(recogniseDocument(broken({ Channel: 12 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Channel/),
    });
    expect(recogniseDocument(broken({ Computer: undefined }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Computer/),
    });
  });

  it("refuses what is not an object, nests too deep, or does not fit the named format", () => {
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(recogniseDocument(42)).toMatchObject({ ok: false });
    expect(recogniseDocument(deep)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/nested deeper/),
    });
    expect(recogniseDocument({ hello: 1 }, "wazuh")).toMatchObject({
      ok: false,
      error: "document: not a wazuh document",
    });
    expect(recogniseDocument(new UnreadableDocument("document: not JSON", "{"))).toMatchObject({ ok: false });
  });

  it("keeps any other JSON as a generic event with every field, nested ones dotted", () => {
    const generic = record({
      msg: "backup done",
      host: { name: "nas01" },
      job: { id: 7, tags: ["nightly"] },
    });
    expect(generic).toMatchObject({
      source_type: "generic",
      event_type: "json",
      message: "backup done",
      hostname: "nas01",
    });
    expect(generic.source_fields).toEqual({
      msg: "backup done",
      "host.name": "nas01",
      "job.id": 7,
      "job.tags": ["nightly"],
    });
  });

  it("takes a native body as the native endpoint would, and a JSON string as a syslog line", () => {
    expect(record({ source_type: "auth", event_type: "login_failure" })).toEqual({
      source_type: "auth",
      event_type: "login_failure",
    });
    expect(
      record("<34>Oct 11 22:14:15 mymachine sshd[42]: Failed password for root from 192.0.2.4 port 22 ssh2"),
    ).toMatchObject({
      event_type: "login_failure",
      source_ip: "192.0.2.4",
    });
  });
});
