import type { DecodedFields, Decoder } from "../types.ts";

// "    dcid : 1 incorrect password attempt ; TTY=pts/4 ; PWD=/home/dcid ; USER=root ; COMMAND=/bin/ls"
const SUDO_RE = /^\s*(\S+) : (?:(.+?) ; )?(TTY=.*)$/;

type Outcome = DecodedFields;

// The optional clause before TTY= says why sudo refused; no clause means the command ran.
const REFUSALS: readonly [RegExp, Outcome][] = [
  [
    /[3-9] incorrect password attempts|\d{2,} incorrect password attempts/,
    { source_type: "auth", event_type: "max_retries_exceeded", result: "failure" },
  ],
  [
    /incorrect password attempt|password is required|authentication failure/,
    { source_type: "auth", event_type: "login_failure", result: "failure" },
  ],
  [
    /NOT in sudoers|not allowed|NOT allowed/i,
    { source_type: "auth", event_type: "privilege_denied", result: "failure", severity: "medium" },
  ],
];

function readFields(rest: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const command = rest.indexOf("COMMAND=");
  const head = command === -1 ? rest : rest.slice(0, command);
  for (const part of head.split(" ; ")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (command !== -1) fields.COMMAND = rest.slice(command + "COMMAND=".length).trim();
  return fields;
}

/** sudo command logs: commands run (privilege_use), wrong passwords and refusals. */
export const sudoDecoder: Decoder = {
  name: "sudo",
  matches: (parsed) => parsed.program === "sudo",
  decode(parsed) {
    const m = SUDO_RE.exec(parsed.message);
    if (!m) return null;
    const fields = readFields(m[3]!);
    const refusal = m[2] ? REFUSALS.find(([re]) => re.test(m[2]!)) : undefined;
    const outcome: Outcome = refusal?.[1] ?? {
      source_type: "endpoint",
      event_type: "privilege_use",
      result: "success",
    };
    return {
      ...outcome,
      username: m[1]!,
      service: "sudo",
      process_name: "sudo",
      command_line: fields.COMMAND ?? null,
      failure_reason: m[2] ?? null,
      metadata: { target_user: fields.USER ?? null, tty: fields.TTY ?? null, cwd: fields.PWD ?? null },
    };
  },
};
