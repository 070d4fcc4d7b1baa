import type { Severity } from "@vigie/contracts";

const SYSLOG_SEVERITY: readonly Severity[] = [
  "critical",
  "critical",
  "critical",
  "high",
  "medium",
  "low",
  "info",
  "info",
];

/** Our severity for a syslog PRI severity (0 emergency … 7 debug). */
export function fromSyslogSeverity(code: number | null): Severity | null {
  return code === null ? null : (SYSLOG_SEVERITY[code] ?? null);
}

const CEF_WORDS: Record<string, Severity> = {
  low: "low",
  medium: "medium",
  high: "high",
  "very-high": "critical",
};

/** Our severity for a CEF/LEEF severity: 0–3 low, 4–6 medium, 7–8 high, 9–10 critical, or the CEF words. */
export function fromVendorSeverity(value: string | undefined | null): Severity | null {
  if (!value) return null;
  const text = value.trim().toLowerCase();
  if (text in CEF_WORDS) return CEF_WORDS[text] ?? null;
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  if (n > 10) return null;
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  return n >= 4 ? "medium" : "low";
}
