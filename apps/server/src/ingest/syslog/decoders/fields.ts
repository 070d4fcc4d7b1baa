import { isIP } from "node:net";

/* Helpers shared by decoders: key=value lists, ports, numbers and addresses. */

// key=value or key="quoted value" (FortiGate, Sophos, many appliances).
const KV_RE = /([\w.-]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;

/** Parses `key=value key2="value with spaces"` pairs; later duplicates win. */
export function parseKeyValues(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(KV_RE)) fields[m[1]!] = m[2] ?? m[3] ?? "";
  return fields;
}

/** A port number, or null when the text is not one. */
export function toPort(value: string | undefined | null): number | null {
  if (!value || !/^\d{1,5}$/.test(value)) return null;
  const n = Number(value);
  return n <= 65535 ? n : null;
}

/** A non-negative integer, or null. */
export function toCount(value: string | number | undefined | null): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/** The value unless it is one of the placeholders devices write for "nothing" (`-`, `N/A`, empty). */
export function present(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  return text === "" || text === "-" || text.toUpperCase() === "N/A" || text === "(null)" ? null : text;
}

const PROTOCOLS: Record<string, string> = {
  "1": "icmp",
  "6": "tcp",
  "17": "udp",
  "47": "gre",
  "50": "esp",
  "58": "ipv6-icmp",
};

/** A lower-case protocol name from a name or an IANA number. */
export function protocolName(value: string | undefined | null): string | null {
  const text = present(value);
  if (!text) return null;
  return PROTOCOLS[text] ?? text.toLowerCase();
}

const DENY_WORDS = /^(deny|denied|drop|dropped|block|blocked|reject|rejected|reset|discard|fail)/i;
const ALLOW_WORDS = /^(accept|accepted|allow|allowed|pass|permit|permitted|built|start|success)/i;

/** Normalises a firewall verdict to "allow" or "deny" (or null when it says neither). */
export function firewallAction(value: string | undefined | null): "allow" | "deny" | null {
  const text = present(value);
  if (!text) return null;
  if (DENY_WORDS.test(text)) return "deny";
  return ALLOW_WORDS.test(text) ? "allow" : null;
}

/** The text when it is an IPv4 or IPv6 address (an IPv4-mapped IPv6 is unwrapped), else null. */
export function ipOrNull(value: string | undefined | null): string | null {
  const text = present(value)?.replace(/^::ffff:(?=\d+\.)/i, "");
  return text && isIP(text) ? text : null;
}
