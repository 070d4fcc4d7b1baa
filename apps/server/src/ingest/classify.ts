import type { Severity } from "@vigie/contracts";

/** What the classifier reads of an event. */
export interface ClassifiableEvent {
  event_type: string;
  message: string | null;
  normalized: Record<string, unknown>;
}

/** Event types that decide the severity on their own (CONTRACT §3.2 rules 1 and 2), before any text. */
export const SEVERITY_BY_EVENT_TYPE: Readonly<Record<string, Severity>> = {
  privilege_escalation: "high",
  data_exfiltration: "high",
  c2_communication: "high",
  reverse_shell: "high",
  login_failure: "medium",
  port_scan: "medium",
  firewall_deny: "medium",
  ids_alert: "medium",
};

/** Text patterns by tier, most severe first (CONTRACT §3.2 rule 3); matched case-insensitively. */
export const SEVERITY_TEXT_PATTERNS: readonly (readonly [Severity, readonly string[]])[] = [
  [
    "critical",
    [
      "privilege.?escalat",
      "root.?compromise",
      "data.?exfiltrat",
      "ransomware",
      "command.?and.?control",
      "c2.?beacon",
    ],
  ],
  [
    "high",
    ["brute.?force", "lateral.?movement", "reverse.?shell", "malware", "exploit", "unauthorized.?access"],
  ],
  ["medium", ["login.?fail", "authentication.?fail", "suspicious", "port.?scan", "denied", "blocked"]],
  ["low", ["warning", "policy.?violation", "anomal"]],
];

/** Normalized fields whose text is searched, after `event_type` and `message`. */
const SEARCHED_NORMALIZED_FIELDS = ["signature_name", "classification", "command_line"] as const;

/** One alternation per tier, compiled once: a tier costs one scan of the text. */
const TIERS = SEVERITY_TEXT_PATTERNS.map(
  ([severity, patterns]) => [severity, new RegExp(patterns.join("|"), "i")] as const,
);

/** The severity of an event that was submitted without a valid one (CONTRACT §3.2). */
export function classifySeverity(event: ClassifiableEvent): Severity {
  if (Object.hasOwn(SEVERITY_BY_EVENT_TYPE, event.event_type)) {
    return SEVERITY_BY_EVENT_TYPE[event.event_type]!;
  }
  const text = searchedText(event);
  for (const [severity, pattern] of TIERS) {
    if (pattern.test(text)) return severity;
  }
  return "info";
}

/** Fields joined by newlines: `.` does not match a newline, so a pattern never spans two fields. */
function searchedText(event: ClassifiableEvent): string {
  const parts = [event.event_type];
  if (typeof event.message === "string") parts.push(event.message);
  for (const field of SEARCHED_NORMALIZED_FIELDS) {
    const value = event.normalized?.[field];
    if (typeof value === "string") parts.push(value);
  }
  return parts.join("\n");
}
