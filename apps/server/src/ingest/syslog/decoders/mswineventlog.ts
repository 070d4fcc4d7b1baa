import { toWindowsRecord } from "../../windows/model.ts";
import type { DecodedFields, Decoder } from "../types.ts";

/*
 * Snare's tab-separated Windows event lines (NXLog `to_syslog_snare()`, Snare agents): MSWinEventLog, criticality,
 * log name, counter, date, event id, source, user, SID type, event type, computer, category, data, message[, sequence].
 * EventData names are not sent: the rendered message's labels give back the ones rules use.
 */

const LABELS: [RegExp, string][] = [
  [/Logon Type:\s*(\d+)/, "LogonType"],
  [/Source Network Address:\s*([^\s]+)/, "IpAddress"],
  [/Source Port:\s*(\d+)/, "IpPort"],
  [/New Process Name:\s*(.+?)(?=\s{2,}|\s+Token Elevation Type:|$)/, "NewProcessName"],
  [/Process Command Line:\s*(.+?)(?=\s{2,}|$)/, "CommandLine"],
  [/Service Name:\s*(.+?)(?=\s{2,}|\s+Service File Name:|$)/, "ServiceName"],
  [/Service File Name:\s*(.+?)(?=\s{2,}|\s+Service Type:|$)/, "ImagePath"],
  [/Group Name:\s*(.+?)(?=\s{2,}|\s+Group Domain:|$)/, "GroupName"],
  [/Workstation Name:\s*([^\s]+)/, "WorkstationName"],
];

function labelled(message: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [pattern, name] of LABELS) {
    const value = pattern.exec(message)?.[1]?.trim();
    if (value) data[name] = value;
  }
  // The last "Account Name:" is the target (logons name the subject first, then the account logged on).
  const accounts = [...message.matchAll(/Account Name:\s*([^\s]+)/g)].map((m) => m[1]!);
  if (accounts.length) {
    data.TargetUserName = accounts.at(-1)!;
    if (accounts.length > 1) data.SubjectUserName = accounts[0]!;
  }
  if (data.GroupName) data.TargetUserName = data.GroupName;
  return data;
}

/** NXLog / Snare `MSWinEventLog` lines over syslog. */
export const msWinEventLogDecoder: Decoder = {
  name: "mswineventlog",
  matches: (parsed) => parsed.message.includes("MSWinEventLog\t") || parsed.program === "MSWinEventLog",
  decode(parsed) {
    const text = parsed.message.slice(parsed.message.indexOf("MSWinEventLog") + "MSWinEventLog".length);
    const fields = text.split("\t").slice(1);
    if (fields.length < 13) return null;
    const [, channel, , date, eventId, source, user, , eventType, computer, category, , message] = fields;
    const data = { ...labelled(message ?? ""), ...(user && user !== "N/A" ? { User: user } : {}) };
    const outcome = toWindowsRecord({
      format: "mswineventlog",
      system: {
        EventID: eventId,
        Channel: channel,
        Computer: computer,
        Provider_Name: source,
        Task: category,
      },
      data,
      message: message?.trim(),
    });
    if (!outcome.ok) return null;
    const time = date ? Date.parse(`${date} UTC`) : Number.NaN;
    const record = outcome.record as DecodedFields;
    return {
      ...record,
      ...(Number.isNaN(time) ? {} : { timestamp: new Date(time).toISOString() }),
      audit_result: eventType,
    };
  },
};
