import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull, present } from "./fields.ts";

type Groups = Record<string, string | undefined>;

// wu-ftpd / BSD ftpd (program "ftpd", "in.ftpd", "wu-ftpd"); vsftpd has its own decoder.
const PROGRAM_RE = /^(?:in\.|wu-|proftpd$)?ftpd$|^proftpd$/;

const PATTERNS: readonly [RegExp, (g: Groups) => DecodedFields][] = [
  [
    /^connection from (?<ip>[\d.a-fA-F:]+) \((?<name>[^)]*)\)/,
    () => ({ source_type: "network", event_type: "connection_built", protocol: "ftp" }),
  ],
  [
    /^FTP LOGIN FROM (?<ip>[\d.a-fA-F:]+)(?: \[[^\]]*\])?(?:, | as )(?<user>\S+)/,
    () => ({ source_type: "auth", event_type: "login_success", result: "success" }),
  ],
  [
    /^(?:repeated )?(?:failed )?login (?:failure|failed|incorrect)?\s*from (?<name>\S+?)(?: \[(?<ip>[\d.a-fA-F:]+)\])?, (?<user>\S+)/i,
    () => ({
      source_type: "auth",
      event_type: "login_failure",
      result: "failure",
      failure_reason: "wrong password",
    }),
  ],
];

/** wu-ftpd and BSD ftpd syslog lines: connections (with the client's address and name), logins and failures. */
export const ftpdDecoder: Decoder = {
  name: "ftpd",
  matches: (parsed) => !!parsed.program && PROGRAM_RE.test(parsed.program),
  decode(parsed) {
    for (const [re, event] of PATTERNS) {
      const g = re.exec(parsed.message.trim())?.groups;
      if (!g) continue;
      const name = present(g.name);
      return {
        source_ip: ipOrNull(g.ip),
        username: present(g.user),
        service: "ftpd",
        ...event(g),
        metadata: name ? { rhost: name } : undefined,
      };
    }
    return null;
  },
};
