import type { Decoded } from "./decoders/index.ts";
import type { ParsedMessage } from "./types.ts";

/** Running totals of what the parser and decoders made of the received messages. */
export interface SyslogParseStats {
  messages: number;
  /** By envelope: rfc5424, rfc3164, raw (no syslog header). */
  formats: Record<string, number>;
  /** By decoder name. */
  decoded: Record<string, number>;
  /** Stored as generic (no decoder understood them). */
  generic: number;
  /** Generic and without any syslog header, CEF/LEEF or JSON: the lines that parsed as nothing. */
  unparsed: number;
}

const stats: SyslogParseStats = { messages: 0, formats: {}, decoded: {}, generic: 0, unparsed: 0 };

/** Counts one message; called once per message turned into an event. */
export function countMessage(parsed: ParsedMessage, decoded: Decoded | null): void {
  stats.messages++;
  stats.formats[parsed.format] = (stats.formats[parsed.format] ?? 0) + 1;
  if (decoded) {
    stats.decoded[decoded.decoder] = (stats.decoded[decoded.decoder] ?? 0) + 1;
    return;
  }
  stats.generic++;
  if (parsed.format === "raw" && !parsed.vendor && !parsed.json) stats.unparsed++;
}

/** A copy of the parse counters, for metrics. */
export function syslogParseStats(): SyslogParseStats {
  return { ...stats, formats: { ...stats.formats }, decoded: { ...stats.decoded } };
}
