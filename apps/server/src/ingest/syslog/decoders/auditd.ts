import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull, parseKeyValues, present } from "./fields.ts";

/*
 * Linux audit records: auditd (`type=SYSCALL msg=audit(1604994496.155:92733): …`) and Microsoft's auoms
 * (`type=AUOMS_EXECVE audit(…): …`). The serial after the colon names the event a line belongs to
 * (`audit_serial`), so the lines of one event can be found together.
 */

const HEADER = /(?:^|\s)type=([A-Z_]+)\s+(?:msg=)?audit\((\d+(?:\.\d+)?):(\d+)\):\s*/;
// auoms quotes the command line without escaping its own quotes: read it up to the next known key.
const AUOMS_CMDLINE = /\scmdline="([\s\S]*?)"\s+(?:redactors|containerid)=/;

/** `a0="arp" a1="-a"` (EXECVE) as one command line; unquoted hex arguments are decoded. */
function execveCommandLine(fields: Record<string, string>): string | null {
  const args: string[] = [];
  for (let i = 0; `a${i}` in fields && i < 256; i++) args.push(unhex(fields[`a${i}`]!));
  return args.length ? args.join(" ") : null;
}

const unhex = (value: string): string =>
  /^(?:[0-9A-F]{2})+$/.test(value) && value.length > 2 ? Buffer.from(value, "hex").toString("utf8") : value;

/** PROCTITLE's `proctitle`: the argv, hex-encoded with NUL between arguments when it holds any. */
const proctitleCommandLine = (value: string | undefined): string | null => {
  const text = present(value);
  return text ? unhex(text).split("\0").join(" ").trim() : null;
};

function classify(type: string, fields: Record<string, string>): Partial<DecodedFields> {
  if (type === "USER_LOGIN" || type === "USER_AUTH") {
    // `res=` ends the quoted user-space message: `… res=failed'`.
    const res = fields.res?.replace(/'$/, "");
    const failed = res === "failed" || res === "0";
    return {
      source_type: "auth",
      event_type: failed ? "login_failure" : "login_success",
      result: failed ? "failure" : "success",
      username: present(fields.acct) ?? null,
      source_ip: ipOrNull(fields.addr),
      service: present(fields.exe) ?? null,
    };
  }
  if (type === "USER_CMD") return { source_type: "endpoint", event_type: "privileged_command" };
  const exec =
    type === "EXECVE" || type === "AUOMS_EXECVE" || fields.syscall === "execve" || fields.syscall === "59";
  return { source_type: "endpoint", event_type: exec ? "process_created" : `audit_${type.toLowerCase()}` };
}

/** Linux audit records (auditd, auoms) over syslog or from a file, one record per line. */
export const auditdDecoder: Decoder = {
  name: "auditd",
  matches: (parsed) => parsed.message.includes("audit(") && parsed.message.includes("type="),
  decode(parsed) {
    const header = HEADER.exec(parsed.message);
    if (!header) return null;
    const [, type, seconds, serial] = header;
    const body = parsed.message.slice(header.index + header[0].length);
    const fields = parseKeyValues(body);
    // SYSCALL's a0…a3 are the call's raw arguments, not the program's: only EXECVE lists those.
    const commandLine =
      AUOMS_CMDLINE.exec(` ${body}`)?.[1] ??
      (type === "EXECVE" || type === "AUOMS_EXECVE" ? execveCommandLine(fields) : null) ??
      proctitleCommandLine(fields.proctitle);
    const image = present(fields.exe) ?? null;
    const username = present(fields.user) ?? present(fields.auid === "4294967295" ? undefined : fields.acct);
    return {
      hostname: present(fields.node) ?? parsed.hostname,
      username: username ?? null,
      timestamp: new Date(Number(seconds) * 1000).toISOString(),
      ...(image ? { process_name: image } : {}),
      ...(commandLine ? { command_line: commandLine } : {}),
      ...classify(type!, fields),
      source_fields: {
        ...fields,
        type: type!,
        audit_serial: Number(serial),
        ...(image ? { Image: image } : {}),
        ...(commandLine ? { CommandLine: commandLine } : {}),
        ...(present(fields.cwd) ? { CurrentDirectory: fields.cwd } : {}),
      },
      metadata: { audit_serial: Number(serial) },
    };
  },
};
