import { defineNormalizer } from "./fields.ts";

/** Process and file activity on hosts (EDR, Sysmon, auditd): process, parent, command line, file. */
export const endpointNormalizer = defineNormalizer({
  process_name: { kind: "text", aliases: ["process", "process.name", "Image", "NewProcessName", "exe"] },
  process_id: { kind: "number", aliases: ["pid", "process.pid", "ProcessId"] },
  parent_process: {
    kind: "text",
    aliases: ["parent_process_name", "ParentImage", "ParentProcessName", "process.parent.name"],
  },
  command_line: {
    kind: "text",
    aliases: ["cmdline", "commandline", "cmd", "CommandLine", "process.command_line"],
  },
  file_path: { kind: "text", aliases: ["path", "file", "file.path", "TargetFilename", "filename"] },
});
