import type { DecodedFields, Decoder } from "../types.ts";

interface SuPattern {
  re: RegExp;
  failed: boolean;
}

// Named groups: user (who switches), target (to whom). First match wins.
const PATTERNS: readonly SuPattern[] = [
  { re: /^'su (?<target>\S+)' failed for (?<user>\S+)/, failed: true },
  { re: /^FAILED SU \(to (?<target>[^)]+)\) (?<user>\S+)/, failed: true },
  { re: /^BAD SU (?<user>\S+) to (?<target>\S+)/, failed: true },
  { re: /^failed: \S+ changing from (?<user>\S+) to (?<target>\S+)/, failed: true },
  { re: /^- \S+ (?<user>[^:\s]+):(?<target>\S+)/, failed: true },
  { re: /^'su (?<target>\S+)' succeeded for (?<user>\S+)/, failed: false },
  { re: /^\(to (?<target>[^)]+)\) (?<user>\S+) on/, failed: false },
  { re: /^Successful su for (?<target>\S+) by (?<user>\S+)/, failed: false },
  { re: /^\+ \S+ (?<user>[^:\s]+):(?<target>\S+)/, failed: false },
  { re: /^(?<user>\S+) to (?<target>\S+) on /, failed: false },
];

function toEvent(pattern: SuPattern, user: string, target: string): DecodedFields {
  const common = { username: user, service: "su", process_name: "su", command_line: `su ${target}` };
  const metadata = { target_user: target };
  if (pattern.failed) {
    return {
      ...common,
      source_type: "auth",
      event_type: "login_failure",
      result: "failure",
      failure_reason: "wrong password",
      metadata,
    };
  }
  return { ...common, source_type: "endpoint", event_type: "privilege_use", result: "success", metadata };
}

/** su messages (util-linux, shadow, BSD forms): user switches and failed attempts. */
export const suDecoder: Decoder = {
  name: "su",
  matches: (parsed) => parsed.program === "su",
  decode(parsed) {
    for (const pattern of PATTERNS) {
      const g = pattern.re.exec(parsed.message)?.groups;
      if (g) return toEvent(pattern, g.user!, g.target!);
    }
    return null;
  },
};
