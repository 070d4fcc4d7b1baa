import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyWindows, WINDOWS_CLASSES, windowsFamily } from "./classify.ts";

const docs = readFileSync(new URL("../../../../../docs/WINDOWS.md", import.meta.url), "utf8");
const LOGS: Record<string, string> = {
  security: "Security",
  system: "System",
  sysmon: "Sysmon",
  powershell: "PowerShell",
  defender: "Defender",
};

describe("Windows classification", () => {
  it("is documented in docs/WINDOWS.md row for row", () => {
    for (const [family, table] of Object.entries(WINDOWS_CLASSES)) {
      for (const [id, c] of Object.entries(table)) {
        const row = `| ${LOGS[family]} | ${id} | ${c.title} | ${c.source_type} | \`${c.event_type}\` | ${c.severity ?? "classifier"}`;
        expect(docs, `${family} ${id}`).toContain(row);
      }
    }
  });

  it("covers the ids the issue lists", () => {
    const ids = {
      security: [
        4624, 4625, 4634, 4648, 4672, 4688, 4697, 4698, 4699, 4700, 4701, 4702, 4719, 4720, 4722, 4723, 4724,
        4725, 4726, 4728, 4732, 4756, 4740, 4768, 4769, 4771, 4776, 1102,
      ],
      system: [7045, 104],
      sysmon: [1, 3, 5, 7, 8, 10, 11, 12, 13, 14, 15, 22, 23, 25],
      powershell: [4103, 4104],
      defender: [1116, 1117, 5001],
    } as const;
    for (const [family, list] of Object.entries(ids)) {
      for (const id of list)
        expect(WINDOWS_CLASSES[family as keyof typeof ids][id], `${family} ${id}`).toBeDefined();
    }
  });

  it("refines by logon type, group, status and target", () => {
    expect(classifyWindows("security", 4624, { LogonType: "10" }, 0)).toMatchObject({
      severity: "low",
      title: "RDP logon",
    });
    expect(classifyWindows("security", 4624, { LogonType: 3 }, 0).severity).toBeUndefined();
    expect(classifyWindows("security", 4732, { TargetUserName: "Administrateurs" }, 0)).toMatchObject({
      event_type: "admin_group_member_added",
      severity: "high",
    });
    expect(classifyWindows("security", 4732, { TargetUserName: "Comptables" }, 0)).toMatchObject({
      event_type: "group_member_added",
      severity: "medium",
    });
    expect(classifyWindows("security", 4776, { Status: "0xc0000064" }, 0).event_type).toBe(
      "ntlm_validation_failure",
    );
    expect(classifyWindows("security", 4776, { Status: "0x0" }, 0).event_type).toBe("ntlm_validation");
    expect(
      classifyWindows("sysmon", 10, { TargetImage: "C:\\Windows\\system32\\lsass.exe" }, 4).event_type,
    ).toBe("lsass_access");
    expect(classifyWindows("powershell", 4104, {}, "3").severity).toBe("medium");
    expect(classifyWindows("other", 9999, {}, "2")).toMatchObject({
      event_type: "windows_event",
      severity: "low",
    });
  });

  it("reads the family from the channel", () => {
    expect(windowsFamily("Microsoft-Windows-Sysmon/Operational")).toBe("sysmon");
    expect(windowsFamily("Linux-Sysmon/Operational")).toBe("sysmon");
    expect(windowsFamily("Microsoft-Windows-Windows Defender/Operational")).toBe("defender");
    expect(windowsFamily("Windows PowerShell")).toBe("powershell");
    expect(windowsFamily("SECURITY")).toBe("security");
  });
});
