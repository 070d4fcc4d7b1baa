import type { DecodedFields } from "../types.ts";

/* What the Cisco ASA pattern tables share: the pattern shape and the address syntax of ASA messages. */

/** Named groups of one ASA message text. */
export type Groups = Record<string, string | undefined>;

/** One family of ASA message ids: the pattern of its text (named groups) and what it means. */
export interface AsaPattern {
  ids: readonly string[];
  re: RegExp;
  event: (g: Groups) => DecodedFields;
}

/**
 * One end of a connection, "outside:10.1.2.1/22" or "10.1.2.1/22": interface, address, port, as named groups
 * `<name>If`, `<name>Ip`, `<name>Port`. The address may be a configured object name ("FE_xUI:Server_Windows/15000"):
 * the decoder drops what is not an address later.
 */
export const END = (name: string) =>
  `(?:(?<${name}If>[\\w.-]+):)?(?<${name}Ip>[^\\s/(),:]+|[\\da-fA-F:]+:[\\da-fA-F.]+)(?:/(?<${name}Port>\\d+))?`;

/** "from A to B" / "src A dst B", the two ends of most ASA connection messages. */
export const FROM_TO = `(?:from|src|for) (?:laddr )?${END("a")}(?: \\([^)]*\\))?(?: on interface \\S+)? (?:to|dst) ${END("b")}`;

/** Any text: the message id alone says what happened, addresses are optional. */
export const ANY = /(?<any>)/;
