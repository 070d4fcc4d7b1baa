import { describe, expect, it } from "vitest";
import { endpointNormalizer } from "./endpoint.ts";

const { normalize } = endpointNormalizer;

describe("endpoint normalizer", () => {
  it("reads Sysmon-style names", () => {
    const sysmon = {
      Image: "C:\\Windows\\System32\\cmd.exe",
      ProcessId: "4242",
      ParentImage: "C:\\Windows\\explorer.exe",
      CommandLine: "cmd.exe /c whoami",
      TargetFilename: "C:\\Users\\Public\\a.ps1",
    };
    expect(normalize(sysmon)).toEqual({
      process_name: "C:\\Windows\\System32\\cmd.exe",
      process_id: 4242,
      parent_process: "C:\\Windows\\explorer.exe",
      command_line: "cmd.exe /c whoami",
      file_path: "C:\\Users\\Public\\a.ps1",
    });
  });

  it("reads ECS nesting", () => {
    const ecs = { process: { name: "bash", pid: 77, command_line: "bash -i", parent: { name: "sshd" } } };
    expect(normalize(ecs)).toMatchObject({
      process_name: "bash",
      process_id: 77,
      parent_process: "sshd",
      command_line: "bash -i",
    });
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(
      normalize({ metadata: { process: "powershell.exe", pid: 900, cmdline: "powershell -enc AAA" } }),
    ).toEqual({
      process_name: "powershell.exe",
      process_id: 900,
      parent_process: null,
      command_line: "powershell -enc AAA",
      file_path: null,
    });
  });

  it("nulls a process id that is not a number", () => {
    expect(normalize({ process_id: "0x1a2" }).process_id).toBeNull();
    expect(normalize({ process_id: [1] }).process_id).toBeNull();
  });

  it("keeps command lines with tabs and newlines but caps them", () => {
    expect(normalize({ command_line: "a\tb\nc" }).command_line).toBe("a\tb\nc");
    expect(normalize({ command_line: "A".repeat(50_000) }).command_line).toHaveLength(2_048);
  });

  it("has no event-type guess", () => {
    expect(endpointNormalizer.inferEventType).toBeUndefined();
  });
});
