import { toWindowsRecord } from "../../windows/model.ts";
import { eventDataOf, systemOf } from "../../windows/xml.ts";
import type { Json } from "../json.ts";
import type { Recogniser } from "../types.ts";
import { namedInserts } from "./inserts.ts";

/** Fluent Bit writes `2024-03-04 10:15:00 +0100`; ISO 8601 needs a `T` and a colon in the offset. */
export function fluentBitTime(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ?([+-]\d\d):?(\d\d)$/.exec(value.trim());
  return match ? `${match[1]}T${match[2]}${match[3]}:${match[4]}` : value;
}

/** The EventData of a record: from the rendered XML when it has it, else StringInserts named by position. */
function dataOf(doc: Json, channel: unknown, id: unknown): Json {
  if (typeof doc.System === "string" && doc.System.includes("<EventData")) return eventDataOf(doc.System);
  return namedInserts(channel, id, doc.StringInserts);
}

/**
 * Fluent Bit's `winevtlog` (ProviderName, EventID, Computer…; `Render_Event_As_XML` puts the System block
 * in `System`) and the older `winlog` (SourceName, EventId, ComputerName…).
 */
export const fluentBitRecogniser: Recogniser = {
  name: "fluent-bit",
  matches: (doc) =>
    ("ProviderName" in doc && "EventID" in doc && "Channel" in doc) ||
    ("SourceName" in doc && "EventId" in doc && "ComputerName" in doc),
  toEvent(doc) {
    const xmlSystem = typeof doc.System === "string" ? systemOf(doc.System) : null;
    const system = xmlSystem ?? {
      EventID: doc.EventID ?? doc.EventId,
      Channel: doc.Channel,
      Computer: doc.Computer ?? doc.ComputerName,
      Provider_Name: doc.ProviderName ?? doc.SourceName,
      EventRecordID: doc.EventRecordID ?? doc.RecordNumber,
      TimeCreated: fluentBitTime(doc.TimeCreated ?? doc.TimeGenerated),
      Level: doc.Level,
      Task: doc.Task ?? doc.EventCategory,
      Keywords: doc.Keywords,
      Version: doc.Version,
      Opcode: doc.Opcode,
      ProcessID: doc.ProcessID,
      ThreadID: doc.ThreadID,
      UserID: doc.UserID ?? doc.Sid,
    };
    const data = dataOf(doc, system.Channel, system.EventID);
    return toWindowsRecord({ format: "fluent-bit", system, data, message: doc.Message });
  },
};
