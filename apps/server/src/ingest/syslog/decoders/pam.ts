import type { DecodedFields, Decoder, ParsedMessage } from "../types.ts";
import { ipOrNull, parseKeyValues, present } from "./fields.ts";

// "pam_unix(sshd:auth): text" or, with the module in the tag ("sshd(pam_unix)[1]:"), just "text".
const MODULE_PREFIX_RE = /^(pam_\w+)\(([^:)]+):(\w+)\): /;
const PROGRAM_MODULE_RE = /^([^(]+)\((pam_\w+)\)$/;

type PamEvent = DecodedFields;

// First match wins; the text is what follows the module prefix.
const MEANINGS: readonly [RegExp, PamEvent][] = [
  [
    /^authentication failure;/,
    { event_type: "login_failure", result: "failure", failure_reason: "authentication failure" },
  ],
  [
    // "PAM 2 more authentication failures": the session went through every retry PAM allows (3 by default).
    /^(?:PAM )?(?:[2-9]|\d{2,}) more authentication failures;/,
    {
      event_type: "max_retries_exceeded",
      result: "failure",
      failure_reason: "repeated authentication failures",
    },
  ],
  [
    /^(?:PAM )?\d+ more authentication failures?;/,
    { event_type: "login_failure", result: "failure", failure_reason: "repeated authentication failures" },
  ],
  [
    /^check pass; user unknown/,
    { event_type: "invalid_user", result: "failure", failure_reason: "user unknown" },
  ],
  [
    /account temporarily locked|Consecutive login failures/,
    { event_type: "account_locked", result: "failure", failure_reason: "account locked" },
  ],
  [
    /ignoring max retries/,
    { event_type: "max_retries_exceeded", result: "failure", failure_reason: "max retries" },
  ],
  [/^session opened for user/, { event_type: "session_opened", result: "success" }],
  [/^session closed for user/, { event_type: "session_closed", result: "success" }],
];

interface Origin {
  service: string | null;
  text: string;
}

function readOrigin(parsed: ParsedMessage): Origin | null {
  const prefixed = MODULE_PREFIX_RE.exec(parsed.message);
  if (prefixed) return { service: prefixed[2]!, text: parsed.message.slice(prefixed[0].length) };
  const fromProgram = parsed.program ? PROGRAM_MODULE_RE.exec(parsed.program) : null;
  if (fromProgram) return { service: fromProgram[1]!, text: parsed.message };
  if (parsed.message.startsWith("PAM ")) return { service: parsed.program, text: parsed.message };
  return null;
}

function readUser(text: string, kv: Record<string, string>): string | null {
  const session = /^session (?:opened|closed) for user (\S+)/.exec(text);
  return session ? session[1]! : (present(kv.user) ?? present(kv.ruser) ?? present(kv.logname));
}

/** PAM module messages (pam_unix and friends) from any service: authentication failures, sessions. */
export const pamDecoder: Decoder = {
  name: "pam",
  matches: (parsed) =>
    parsed.message.startsWith("pam_") ||
    parsed.message.startsWith("PAM ") ||
    !!parsed.program?.includes("(pam_"),
  decode(parsed) {
    const origin = readOrigin(parsed);
    const meaning = origin && MEANINGS.find(([re]) => re.test(origin.text));
    if (!origin || !meaning) return null;
    const kv = parseKeyValues(origin.text);
    const rhost = present(kv.rhost);
    return {
      source_type: "auth",
      ...meaning[1],
      service: origin.service,
      auth_method: "pam",
      username: readUser(origin.text, kv),
      source_ip: ipOrNull(rhost),
      metadata: rhost && !ipOrNull(rhost) ? { rhost } : undefined,
    };
  },
};
