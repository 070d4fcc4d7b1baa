/** What the server's site schema allows (`apps/server/src/modules/sites/site-fields.ts`). */
export const MAX_NETWORKS = 100;

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** `10.7.0.1`: four decimal octets, no leading zeros (as the server's `net.isIP` reads them). */
export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** How many 16-bit groups a run of `:`-separated IPv6 groups stands for, or null if one is malformed. */
function groupCount(part: string, mayEndInIpv4: boolean): number | null {
  if (part === "") return 0;
  const groups = part.split(":");
  let count = 0;
  for (const [i, group] of groups.entries()) {
    if (mayEndInIpv4 && i === groups.length - 1 && isIpv4(group)) count += 2;
    else if (HEX_GROUP.test(group)) count += 1;
    else return null;
  }
  return count;
}

/** `fd00::1`, `2001:db8:0:0:0:0:0:1`, `::ffff:10.0.0.1`; a zone (`%eth0`) is refused: syslog cannot map one. */
export function isIpv6(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const [head = "", tail] = halves;
  if (tail === undefined) return groupCount(head, true) === 8;
  const left = groupCount(head, false);
  const right = groupCount(tail, true);
  return left !== null && right !== null && left + right < 8;
}

/** Why one entry is not a network the server and the syslog site mapping accept, or null when it is fine. */
export type NetworkProblem = "syntax" | "prefix";

/** Checks `10.7.0.0/16`, `fd00::/8` or a bare address (a single host). */
export function networkProblem(text: string): NetworkProblem | null {
  const [address = "", prefix, extra] = text.split("/");
  const width = isIpv4(address) ? 32 : isIpv6(address) ? 128 : 0;
  if (!width || extra !== undefined) return "syntax";
  if (prefix === undefined) return null;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= width ? null : "prefix";
}

/** One non-blank line of the editor: what it says and where (1-based), so errors can point at it. */
export interface NetworkLine {
  line: number;
  value: string;
}

/** The editor's text as entries: one per non-blank line, trimmed. */
export function parseNetworkLines(text: string): NetworkLine[] {
  return text
    .split("\n")
    .map((raw, i) => ({ line: i + 1, value: raw.trim() }))
    .filter((entry) => entry.value !== "");
}

/** A problem found before sending, on one line or (line 0) on the whole list. */
export interface LineError {
  line: number;
  value: string;
  problem: NetworkProblem | "duplicate" | "tooMany";
}

/** Everything wrong with the entries, in line order; empty when the list may be sent. */
export function validateNetworks(entries: NetworkLine[]): LineError[] {
  const errors: LineError[] = [];
  const seen = new Set<string>();
  for (const { line, value } of entries) {
    const problem = networkProblem(value);
    if (problem) errors.push({ line, value, problem });
    else if (seen.has(value.toLowerCase())) errors.push({ line, value, problem: "duplicate" });
    seen.add(value.toLowerCase());
  }
  if (entries.length > MAX_NETWORKS) errors.push({ line: 0, value: "", problem: "tooMany" });
  return errors;
}
