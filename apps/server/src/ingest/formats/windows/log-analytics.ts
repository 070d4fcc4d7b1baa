import { toWindowsRecord } from "../../windows/model.ts";
import { eventDataOf } from "../../windows/xml.ts";
import type { Recogniser } from "../types.ts";

/**
 * Microsoft Sentinel / Log Analytics `SecurityEvent` rows (the OTRF data sets are exports of them):
 * System columns, and EventData as the event's XML.
 */
export const securityEventRecogniser: Recogniser = {
  name: "log-analytics-security-event",
  matches: (doc) => doc.Type === "SecurityEvent" && "EventID" in doc,
  toEvent(doc) {
    return toWindowsRecord({
      format: "log-analytics-security-event",
      system: {
        EventID: doc.EventID,
        Channel: doc.Channel,
        Computer: doc.Computer,
        Provider_Name: doc.EventSourceName,
        EventRecordID: doc.EventRecordId,
        TimeCreated: doc.TimeGenerated,
        Level: doc.Level,
        Task: doc.Task,
        Keywords: doc.Keywords,
      },
      data: typeof doc.EventData === "string" ? eventDataOf(doc.EventData) : {},
      message: doc.Activity,
    });
  },
};
