import { toWindowsRecord } from "../../windows/model.ts";
import { at, isObject, type Json, objectAt } from "../json.ts";
import type { Recogniser } from "../types.ts";

/** Wazuh writes EventData names in camelCase (`targetUserName`); Windows and Sigma use PascalCase. */
function windowsNames(eventdata: Json): Json {
  const data: Json = {};
  for (const [key, value] of Object.entries(eventdata))
    data[key.charAt(0).toUpperCase() + key.slice(1)] = value;
  return data;
}

/** Wazuh quotes the rendered message: `"\"A user account was enabled.…\""`. */
const unquote = (value: unknown): unknown =>
  typeof value === "string" ? value.replace(/^"([\s\S]*)"?$/, "$1").replace(/"$/, "") : value;

const winOf = (doc: Json): Json => objectAt(isObject(doc.win) ? doc.win : at(doc, "data.win"));

/** The Wazuh agent's Windows events (`win.system.*`, `win.eventdata.*`), bare or inside an alert's `data`. */
export const wazuhRecogniser: Recogniser = {
  name: "wazuh",
  matches: (doc) => isObject(winOf(doc).system),
  toEvent(doc) {
    const win = winOf(doc);
    const system = objectAt(win.system);
    return toWindowsRecord({
      format: "wazuh",
      system: {
        EventID: system.eventID,
        Channel: system.channel,
        Computer: system.computer,
        Provider_Name: system.providerName,
        EventRecordID: system.eventRecordID,
        TimeCreated: system.systemTime,
        Level: system.level,
        Task: system.task,
        Keywords: system.keywords,
        Version: system.version,
        Opcode: system.opcode,
        ProcessID: system.processID,
        ThreadID: system.threadID,
      },
      data: windowsNames(objectAt(win.eventdata)),
      message: unquote(system.message),
    });
  },
};
