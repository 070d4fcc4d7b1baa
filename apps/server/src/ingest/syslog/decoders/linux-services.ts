import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull } from "./fields.ts";

type Groups = Record<string, string | undefined>;

/** One daemon message: the programs that write it, its pattern and what it means. */
interface ServicePattern {
  programs: RegExp;
  re: RegExp;
  event: (g: Groups) => DecodedFields;
}

const service = (event_type: string) => (g: Groups) => ({
  source_type: "application" as const,
  event_type,
  service: g.service,
});

// Init scripts ("cupsd startup succeeded"), Kerberos rlogin, logrotate: classic Linux daemons without a decoder.
const PATTERNS: readonly ServicePattern[] = [
  {
    programs: /^klogind$|^kshd$|^krshd$/,
    re: /^Authentication failed from (?<ip>[\d.a-fA-F:]+)(?: \([^)]*\))?: (?<reason>.+)$/,
    event: (g) => ({
      source_type: "auth",
      event_type: "login_failure",
      result: "failure",
      failure_reason: g.reason,
    }),
  },
  {
    programs: /^klogind$|^kshd$|^krshd$/,
    re: /^Kerberos authentication failed/,
    event: () => ({
      source_type: "auth",
      event_type: "login_failure",
      result: "failure",
      failure_reason: "kerberos",
    }),
  },
  { programs: /^logrotate$/, re: /^ALERT exited abnormally/, event: service("service_failed") },
  { programs: /./, re: /^(?<service>[\w.-]+) startup succeeded/, event: service("service_started") },
  { programs: /./, re: /^(?<service>[\w.-]+) shutdown succeeded/, event: service("service_stopped") },
];

/** Classic Linux daemons: Kerberos rlogin failures, services started, stopped or failed. */
export const linuxServicesDecoder: Decoder = {
  name: "linux-services",
  matches: (parsed) => parsed.program !== null,
  decode(parsed) {
    const program = parsed.program ?? "";
    for (const pattern of PATTERNS) {
      if (!pattern.programs.test(program)) continue;
      const m = pattern.re.exec(parsed.message.trim());
      if (!m) continue;
      const g: Groups = m.groups ?? {};
      // The program is the service unless the message names another (init scripts log for the daemon they start).
      return { source_ip: ipOrNull(g.ip), ...pattern.event(g), service: g.service ?? program };
    }
    return null;
  },
};
