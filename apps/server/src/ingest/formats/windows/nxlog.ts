import { toWindowsRecord } from "../../windows/model.ts";
import type { Json } from "../json.ts";
import type { Recogniser } from "../types.ts";

// What im_msvistalog adds around the EventData fields (System, rendering, and NXLog's own fields).
const NXLOG_FIELDS = new Set([
  "EventTime",
  "EventReceivedTime",
  "Hostname",
  "Keywords",
  "EventType",
  "SeverityValue",
  "Severity",
  "EventID",
  "SourceName",
  "ProviderGuid",
  "Version",
  "Task",
  "OpcodeValue",
  "RecordNumber",
  "ActivityID",
  "RelatedActivityID",
  "ProcessID",
  "ThreadID",
  "Channel",
  "Message",
  "Category",
  "Opcode",
  "Domain",
  "AccountName",
  "UserID",
  "AccountType",
  "SourceModuleName",
  "SourceModuleType",
  "ExecutionProcessID",
  "ExecutionThreadID",
]);

// NXLog's Severity levels back to Windows levels (1 critical … 4 information).
const LEVELS: Record<string, number> = { CRITICAL: 1, ERROR: 2, WARNING: 3, INFO: 4 };

/** NXLog's default `2026-11-20 09:14:03` has no zone: read as UTC (docs/WINDOWS.md sets the agent to send UTC). */
const utcTime = (value: unknown): unknown =>
  typeof value === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(" ", "T")}Z`
    : value;

function eventData(doc: Json): Json {
  const data: Json = {};
  for (const [key, value] of Object.entries(doc)) if (!NXLOG_FIELDS.has(key)) data[key] = value;
  return data;
}

/** NXLog `im_msvistalog` with `to_json()`: System fields and EventData fields side by side, flat. */
export const nxlogRecogniser: Recogniser = {
  name: "nxlog",
  matches: (doc) =>
    doc.SourceModuleType === "im_msvistalog" ||
    ("EventID" in doc && "Channel" in doc && "SourceName" in doc && "Hostname" in doc),
  toEvent(doc) {
    return toWindowsRecord({
      format: "nxlog",
      system: {
        EventID: doc.EventID,
        Channel: doc.Channel,
        Computer: doc.Hostname,
        Provider_Name: doc.SourceName,
        EventRecordID: doc.RecordNumber,
        TimeCreated: utcTime(doc.EventTime),
        Level: typeof doc.Severity === "string" ? LEVELS[doc.Severity] : undefined,
        Task: doc.Task,
        Keywords: doc.Keywords,
        Version: doc.Version,
        Opcode: doc.OpcodeValue,
        ProcessID: doc.ProcessID,
        ThreadID: doc.ThreadID,
        UserID: doc.UserID,
      },
      data: eventData(doc),
      message: doc.Message,
    });
  },
};
