import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull, toPort } from "./fields.ts";

type Groups = Record<string, string | undefined>;

/** One recognised sshd message: its pattern (named groups user, ip, port, method) and what it means. */
interface SshPattern {
  re: RegExp;
  event: (g: Groups) => DecodedFields;
}

const failure = (reason: string) => (g: Groups) => ({
  event_type: "login_failure",
  result: "failure",
  failure_reason: g.invalid ? "invalid user" : reason,
});
const other = (event_type: string) => () => ({ event_type });
const tooMany = () => ({
  event_type: "max_retries_exceeded",
  result: "failure",
  failure_reason: "too many authentication failures",
});

// Order matters: the first matching pattern wins. IPs are followed by " port N" or end the clause.
const PATTERNS: readonly SshPattern[] = [
  {
    re: /^Accepted (?<method>\S+) for (?<user>\S+) from (?<ip>\S+) port (?<port>\d+)/,
    event: () => ({ event_type: "login_success", result: "success" }),
  },
  {
    re: /^Failed (?<method>\S+) for (?<invalid>invalid user )?(?<user>.*?) from (?<ip>\S+) port (?<port>\d+)/,
    event: failure("wrong credentials"),
  },
  {
    re: /^Invalid user (?<user>.*?) from (?<ip>\S+)(?: port (?<port>\d+))?$/,
    event: failure("invalid user"),
  },
  {
    re: /^(?:error: )?maximum authentication attempts exceeded for (?<invalid>invalid user )?(?<user>.*?) from (?<ip>\S+) port (?<port>\d+)/,
    event: tooMany,
  },
  {
    re: /^Disconnecting(?: authenticating user (?<user>\S+) (?<ip>\S+) port (?<port>\d+))?: Too many authentication failures(?: for (?<invalid>invalid user )?(?<user2>\S+))?/,
    event: tooMany,
  },
  {
    re: /^User (?<user>\S+) from (?<ip>\S+) not allowed because (?<why>.+)$/,
    event: (g) => ({
      event_type: "login_failure",
      result: "failure",
      failure_reason: `not allowed: ${g.why}`,
    }),
  },
  {
    re: /^(?:error: )?PAM: (?<why>authentication error|unknown user|User not known[^:]*) for (?<invalid>illegal user )?(?<user>\S+) from (?<ip>\S+)$/,
    event: (g) => ({
      event_type: "login_failure",
      result: "failure",
      failure_reason: g.invalid ? "invalid user" : g.why!,
    }),
  },
  {
    re: /^Postponed (?<method>\S+) for (?<invalid>invalid user )(?<user>\S+) from (?<ip>\S+) port (?<port>\d+)/,
    event: failure("invalid user"),
  },
  {
    re: /^input_userauth_request: invalid user (?<user>.*?)(?: \[preauth\])?$/,
    event: other("invalid_user"),
  },
  {
    re: /^(?:Connection closed|Connection reset) by (?:(?:authenticating|invalid) user (?<user>\S+) )?(?<ip>[\d.:a-fA-F]+)(?: port (?<port>\d+))?/,
    event: other("connection_closed"),
  },
  {
    re: /^(?:error: )?Received disconnect from (?<ip>[\d.:a-fA-F]+?)(?: port (?<port>\d+))?:/,
    event: other("disconnect"),
  },
  {
    re: /^Disconnect(?:ed from|ing) (?:(?:invalid |authenticating )?user (?<user>\S+) )?(?<ip>[\d.:a-fA-F]+) port (?<port>\d+)/,
    event: other("disconnect"),
  },
  {
    re: /^Did not receive identification string from (?<ip>\S+)(?: port (?<port>\d+))?/,
    event: other("connection_probe"),
  },
  {
    re: /^(?:Bad protocol version identification .* from|(?:fatal: )?Unable to negotiate with) (?<ip>[\d.:a-fA-F]+)(?: port (?<port>\d+))?/,
    event: other("protocol_error"),
  },
  {
    re: /^reverse mapping checking getaddrinfo for \S+ \[(?<ip>[^\]]+)\] failed/,
    event: other("reverse_lookup_failed"),
  },
  {
    re: /^Address (?<ip>\S+) maps to \S+, but this does not map back/,
    event: other("reverse_lookup_failed"),
  },
  {
    re: /^(?:Corrupted MAC on input|Bad packet length|Disconnecting: bad client|(?:fatal: )?Unable to negotiate)/,
    event: other("protocol_error"),
  },
  { re: /^Read error from remote host (?<ip>[\d.a-fA-F:]+?): /, event: other("connection_closed") },
  {
    re: /^fatal: (?:Write failed|Read from socket failed): Connection reset/,
    event: other("connection_closed"),
  },
  { re: /^Authentication refused: /, event: other("config_error") },
  { re: /^error: Could not (?:stat|load|open) /, event: other("config_error") },
  {
    re: /^(?:debug1: )?(?:channel \d+: connection failed: |server_input_channel_open: failure )/,
    event: other("forwarding_failed"),
  },
  { re: /^(?:debug1: )?(?:getpeername|get_remote_port) failed/, event: other("connection_error") },
  {
    re: /^(?:pam_systemd\(sshd:session\): Failed to create session|subsystem request for \S+ by user (?<user>\S+) failed)/,
    event: other("session_error"),
  },
];

// "message repeated 3 times: [ Failed password for root from 1.2.3.4 port 22]"
const REPEATED_RE = /^message repeated (\d+) times: \[ ?(.*?)\]?$/;

function decodeText(text: string): DecodedFields | null {
  for (const pattern of PATTERNS) {
    const m = pattern.re.exec(text);
    if (!m) continue;
    const g: Groups = m.groups ?? {};
    return {
      source_type: "auth",
      service: "sshd",
      auth_method: g.method ?? null,
      username: g.user ?? g.user2 ?? null,
      source_ip: ipOrNull(g.ip?.replace(/:$/, "")),
      source_port: toPort(g.port),
      ...pattern.event(g),
      // A client logged by name (UseDNS yes) is still the remote host attempts are counted by.
      metadata: g.ip && !ipOrNull(g.ip.replace(/:$/, "")) ? { rhost: g.ip } : undefined,
    };
  }
  return null;
}

/** OpenSSH server messages: logins, failures, invalid users, disconnects, probes, forwarding and session errors. */
export const sshdDecoder: Decoder = {
  name: "sshd",
  matches: (parsed) => parsed.program === "sshd",
  decode(parsed) {
    const repeated = REPEATED_RE.exec(parsed.message);
    const text = (repeated ? repeated[2]! : parsed.message).replace(/ \[preauth\]$/, "");
    const decoded = decodeText(text);
    if (!decoded || !repeated) return decoded;
    return { ...decoded, metadata: { ...decoded.metadata, repeat_count: Number(repeated[1]) } };
  },
};
