import { toWindowsRecord } from "../../windows/model.ts";
import { isObject, type Json, objectAt } from "../json.ts";
import type { Recogniser } from "../types.ts";

/* EVTX records converted to JSON (evtx_dump, SigmaHQ's regression data): XML attributes under `#attributes`. */

const attribute = (element: unknown, name: string): unknown =>
  objectAt(objectAt(element)["#attributes"])[name];

/** An element's text: `{"#text": 7045, "#attributes": {"Qualifiers": …}}` → 7045. */
const content = (value: unknown): unknown => (isObject(value) && "#text" in value ? value["#text"] : value);

/** EventData fields by name; UserData's single child element is read the same way. */
export function eventFields(event: Json): Json {
  const data = isObject(event.EventData) ? event.EventData : firstChild(event.UserData);
  const fields: Json = {};
  for (const [key, value] of Object.entries(data)) {
    if (key !== "#attributes") fields[key] = content(value);
  }
  return fields;
}

function firstChild(userData: unknown): Json {
  const child = Object.values(objectAt(userData)).find(isObject);
  return child ?? {};
}

/** Windows events as EVTX-converted JSON: `{"Event": {"System": {...}, "EventData": {...}}}`. */
export const evtxJsonRecogniser: Recogniser = {
  name: "evtx-json",
  matches: (doc) => isObject(doc.Event) && isObject(doc.Event.System),
  toEvent(doc) {
    const event = objectAt(doc.Event);
    const system = objectAt(event.System);
    return toWindowsRecord({
      format: "evtx-json",
      system: {
        EventID: content(system.EventID),
        Channel: system.Channel,
        Computer: system.Computer,
        Provider_Name: attribute(system.Provider, "Name"),
        EventRecordID: system.EventRecordID,
        TimeCreated: attribute(system.TimeCreated, "SystemTime"),
        Level: system.Level,
        Task: system.Task,
        Keywords: system.Keywords,
        Version: system.Version,
        Opcode: system.Opcode,
        ProcessID: attribute(system.Execution, "ProcessID"),
        ThreadID: attribute(system.Execution, "ThreadID"),
        UserID: attribute(system.Security, "UserID"),
      },
      data: eventFields(event),
    });
  },
};
