import { toWindowsRecord } from "../../windows/model.ts";
import { eventDataOf, systemOf } from "../../windows/xml.ts";
import type { DecodedFields, Decoder } from "../types.ts";

/** A Windows event rendered as XML in the message: Sysmon for Linux (`sysmon` program) writes exactly this. */
export const windowsXmlDecoder: Decoder = {
  name: "windows-xml",
  matches: (parsed) => parsed.message.includes("<System>") && parsed.message.includes("<EventID"),
  decode(parsed) {
    const system = systemOf(parsed.message);
    if (!system) return null;
    // Collectors cut long messages (Log Analytics at 2 KB): the complete Data elements before the cut are kept.
    const start = parsed.message.indexOf("<EventData");
    const data = start < 0 ? {} : eventDataOf(parsed.message.slice(start));
    const outcome = toWindowsRecord({ format: "windows-xml", system, data });
    // A malformed event keeps the line as a generic syslog event: never guessed.
    return outcome.ok ? (outcome.record as DecodedFields) : null;
  },
};
