import { readdirSync, readFileSync } from "node:fs";
import { type LogEvent, RuleCreateSchema } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { toLogEvent } from "../ingest/event-row.ts";
import { prepareEvent } from "../ingest/prepare.ts";
import { backtest } from "./backtest.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { ENDPOINT_RULES } from "./default-rules-windows.ts";

/* The endpoint rules on the telemetry as ingest stores it: the recognisers' fixtures, real samples included. */

const FIXTURES = new URL("../ingest/formats/fixtures/", import.meta.url);
const NOW = new Date("2026-11-20T12:00:00Z");
const docs = (path: string): unknown[] =>
  readFileSync(new URL(path, FIXTURES), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

function stored(doc: unknown, at = 0): LogEvent {
  const prepared = prepareEvent(doc, { receiver: "test", recognise: {} }, NOW);
  if (!prepared.ok) throw new Error(prepared.error);
  const event = toLogEvent(prepared.row);
  // One clock for every sample, so windows hold them together whatever their recorded dates; the
  // site the raw endpoint takes from the ingest token.
  return {
    ...event,
    site_id: event.site_id || "AUDIO_003",
    timestamp: new Date(NOW.getTime() + at * 1000).toISOString(),
  };
}

const evtx = (id: number, channel: string, data: Record<string, unknown>) => ({
  Event: {
    System: { EventID: id, Channel: channel, Computer: "RECEP-PC03.audio003.local" },
    EventData: data,
  },
});
const sysmonProcess = (image: string, commandLine: string, parentImage = "C:\\Windows\\explorer.exe") =>
  evtx(1, "Microsoft-Windows-Sysmon/Operational", {
    Image: image,
    CommandLine: commandLine,
    ParentImage: parentImage,
  });

const [winlogbeatFailure, officePowershell, defenderOff] = docs("winlogbeat.ndjson");
const [adminGroup, psexecService] = docs("nxlog.ndjson");
const [, cleared] = docs("wazuh.ndjson");
const [rdpLogon, fileCreated] = docs("fluent-bit.ndjson");
const log4shell = readdirSync(new URL("otrf/log4shell/", FIXTURES)).flatMap((f) =>
  docs(`otrf/log4shell/${f}`),
);
const zeek = readdirSync(new URL("otrf/apt29-zeek/", FIXTURES)).flatMap((f) => docs(`otrf/apt29-zeek/${f}`));

const POSITIVE: Record<string, unknown[]> = {
  "Windows Failed Logon Burst": Array(10).fill(winlogbeatFailure),
  "Member Added to an Admin Group": [adminGroup],
  "Audit Log Cleared": [cleared],
  "Service Installed": [psexecService],
  "Scheduled Task Created": [evtx(4698, "Security", { SubjectUserName: "accueil", TaskName: "\\Updater" })],
  "Windows Audit Policy Changed": [
    evtx(4719, "Security", { SubjectUserName: "AUDIO-SRV03$", AuditPolicyChanges: "%%8448" }),
  ],
  "Defender Real-Time Protection Disabled": [defenderOff],
  "RDP Logon From Outside": [rdpLogon],
  "Office Application Starting a Shell": [officePowershell],
  "Encoded PowerShell": [officePowershell],
  "Java or Web Server Starting a Shell": log4shell,
  "Shadow Copies Deleted": [
    sysmonProcess("C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe Delete Shadows /All /Quiet"),
  ],
  "Mass File Creation by One Process": Array(100).fill(fileCreated),
  "Files Renamed to a Ransomware Extension": Array(10).fill(fileCreated),
  "SAMR Account Enumeration": zeek,
  "Directory Replication Call From a Host": zeek,
  "Executable Downloaded": zeek,
};

async function fires(name: string, samples: unknown[]): Promise<number> {
  const index = DEFAULT_RULES.findIndex((r) => r.name === name);
  const rule = { ...RuleCreateSchema.parse(DEFAULT_RULES[index]), id: `default-${index}` };
  return (
    await backtest(
      rule,
      samples.map((doc, i) => stored(doc, i % 50)),
    )
  ).alerts_would_fire;
}

describe("endpoint rules of the default pack", () => {
  it("are valid rules, each with a positive sample here", () => {
    expect(Object.keys(POSITIVE).sort()).toEqual(ENDPOINT_RULES.map((r) => r.name).sort());
  });

  for (const [name, samples] of Object.entries(POSITIVE)) {
    it(`${name} fires on its sample`, async () => {
      expect(await fires(name, samples)).toBeGreaterThan(0);
    });
  }

  it('an account enabled again on Windows (4722, or 4738 listing "Account Enabled") raises the device rule', async () => {
    const name = "Account Created or Enabled";
    const target = { SubjectUserName: "itadmin", TargetUserName: "toby" };
    expect(await fires(name, [evtx(4722, "Security", target)])).toBe(1);
    const enabled = {
      ...target,
      UserAccountControl: "    %%2048    %%2050",
      OldUacValue: "0x15",
      NewUacValue: "0x10",
    };
    expect(await fires(name, [evtx(4738, "Security", enabled)])).toBe(1);
    // A password reset or a renamed display name is a 4738 too: no alert.
    expect(
      await fires(name, [evtx(4738, "Security", { ...target, PasswordLastSet: "11/8/2021 10:09:47 AM" })]),
    ).toBe(0);
  });

  it("stay quiet on routine activity", async () => {
    const routine = [
      sysmonProcess("C:\\Windows\\System32\\cmd.exe", "cmd.exe /c dir"),
      sysmonProcess(
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe -File C:\\scripts\\backup.ps1",
      ),
      evtx(4624, "Security", { TargetUserName: "accueil", LogonType: "10", IpAddress: "192.168.7.20" }),
      evtx(4732, "Security", { SubjectUserName: "admin", TargetUserName: "Comptables" }),
      ...Array(9).fill(winlogbeatFailure),
      ...Array(9).fill(fileCreated),
    ];
    for (const name of Object.keys(POSITIVE)) expect(await fires(name, routine), name).toBe(0);
  });
});
