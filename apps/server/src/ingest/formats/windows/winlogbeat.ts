import { toWindowsRecord } from "../../windows/model.ts";
import { at, isObject, objectAt } from "../json.ts";
import type { Recogniser } from "../types.ts";

/** Winlogbeat and Elastic Agent (ECS): `winlog.*` beside `event.code`, `host.*`, `@timestamp`, `message`. */
export const winlogbeatRecogniser: Recogniser = {
  name: "winlogbeat",
  matches: (doc) => isObject(doc.winlog) && ("channel" in doc.winlog || "event_id" in doc.winlog),
  toEvent(doc) {
    const winlog = objectAt(doc.winlog);
    return toWindowsRecord({
      format: "winlogbeat",
      system: {
        EventID: winlog.event_id ?? at(doc, "event.code"),
        Channel: winlog.channel,
        Computer: winlog.computer_name ?? at(doc, "host.name"),
        Provider_Name: winlog.provider_name,
        EventRecordID: winlog.record_id,
        TimeCreated: doc["@timestamp"] ?? at(doc, "event.created"),
        Level: at(doc, "log.level"),
        Task: winlog.task,
        Keywords: Array.isArray(winlog.keywords) ? winlog.keywords.join(",") : winlog.keywords,
        Version: winlog.version,
        Opcode: winlog.opcode,
        ProcessID: at(winlog, "process.pid"),
        ThreadID: at(winlog, "process.thread.id"),
        UserID: at(winlog, "user.identifier"),
      },
      data: { ...objectAt(winlog.user_data), ...objectAt(winlog.event_data) },
      message: doc.message,
    });
  },
};
