import type { DecodedFields, Decoder } from "../types.ts";
import { ctimeTime, timestampField } from "./device-time.ts";
import { ipOrNull, present, toCount } from "./fields.ts";

type Groups = Record<string, string | undefined>;

// vsftpd's own log stamps lines with ctime() and "[pid N]"; through syslog only "[user] VERB: …" remains.
const FILE_PREFIX_RE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \d{4} \[pid \d+\] /;
const LINE_RE =
  /^(?:(?<time>[A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \d{4}) )?(?:\[pid \d+\] )?(?:\[(?<user>[^\]]*)\] )?(?<verb>CONNECT|OK [A-Z]+|FAIL [A-Z]+): Client "(?<ip>[^"]*)"(?:, "(?<path>[^"]*)")?(?:, (?<bytes>\d+) bytes)?(?<anon>, anon password)?/;

const login =
  (failed: boolean) =>
  (g: Groups): DecodedFields => ({
    source_type: "auth",
    event_type: failed ? "login_failure" : "login_success",
    result: failed ? "failure" : "success",
    auth_method: g.anon ? "anonymous" : "password",
    failure_reason: failed ? "wrong user name or password" : null,
  });

const transfer =
  (direction: "upload" | "download", failed: boolean) =>
  (g: Groups): DecodedFields => ({
    source_type: "network",
    event_type: "file_transfer",
    protocol: "ftp",
    file_path: present(g.path),
    bytes_transferred: toCount(g.bytes),
    result: failed ? "failure" : "success",
    metadata: { direction },
  });

/** What each vsftpd verb means; directory changes (MKDIR, DELETE, RENAME…) are left to the generic path. */
const VERBS: Record<string, (g: Groups) => DecodedFields> = {
  CONNECT: () => ({ source_type: "network", event_type: "connection_built", protocol: "ftp" }),
  "OK LOGIN": login(false),
  "FAIL LOGIN": login(true),
  "OK UPLOAD": transfer("upload", false),
  "FAIL UPLOAD": transfer("upload", true),
  "OK DOWNLOAD": transfer("download", false),
  "FAIL DOWNLOAD": transfer("download", true),
};

/** vsftpd log lines (its own log file or syslog): connections, logins, uploads and downloads. */
export const vsftpdDecoder: Decoder = {
  name: "vsftpd",
  matches: (parsed) => parsed.program === "vsftpd" || FILE_PREFIX_RE.test(parsed.message),
  decode(parsed) {
    const g = LINE_RE.exec(parsed.message)?.groups;
    const verb = g && VERBS[g.verb!];
    if (!g || !verb) return null;
    return {
      source_ip: ipOrNull(g.ip),
      username: present(g.user),
      service: "vsftpd",
      hostname: parsed.hostname,
      ...verb(g),
      ...timestampField(ctimeTime(g.time)),
    };
  },
};
