import { decode } from "../syslog/decoders/index.ts";
import { buildEvent } from "../syslog/event.ts";
import { parseMessage } from "../syslog/parse/index.ts";
import { textOf } from "./json.ts";
import type { IngestRecord, Recogniser } from "./types.ts";

/**
 * Syslog lines shipped as JSON rows: Microsoft Sentinel / Log Analytics `Syslog` (SyslogMessage,
 * ProcessName, HostName), the form of the OTRF Log4Shell sets. The message goes through the syslog
 * decoders (Sysmon for Linux, auditd, auoms…), so a line is read the same way whichever way it came.
 */
export const syslogRowRecogniser: Recogniser = {
  name: "syslog-row",
  matches: (doc) => typeof doc.SyslogMessage === "string",
  toEvent(doc) {
    const parsed = parseMessage(doc.SyslogMessage as string);
    parsed.program = textOf(doc.ProcessName) ?? parsed.program;
    parsed.pid = textOf(doc.ProcessID) ?? parsed.pid;
    parsed.hostname = textOf(doc.HostName) ?? textOf(doc.Computer) ?? parsed.hostname;
    parsed.timestamp = textOf(doc.EventTime) ?? textOf(doc.TimeGenerated) ?? parsed.timestamp;
    const event = buildEvent(parsed, decode(parsed));
    const metadata = { ...(event.metadata ?? {}), format: "syslog-row", sender_ip: textOf(doc.HostIP) };
    return { ok: true, record: { ...event, metadata } as IngestRecord };
  },
};
