import type { WindowsSystem } from "./model.ts";

/* Reads the XML rendering of a Windows event (Sysmon for Linux over syslog, Log Analytics `SecurityEvent`,
   Fluent Bit). Only the fixed shapes Windows writes are read; this is not a general XML parser. */

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const DATA = /<Data(?:\s+Name="([^"]*)")?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g;

/** `<Data Name="X">v</Data>` pairs by name; unnamed values are kept as `Data` (a list). */
export function eventDataOf(xml: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const unnamed: string[] = [];
  for (const match of xml.matchAll(DATA)) {
    const value = unescapeXml(match[2] ?? "");
    if (match[1]) fields[unescapeXml(match[1])] = value;
    else unnamed.push(value);
  }
  if (unnamed.length) fields.Data = unnamed;
  return fields;
}

const element = (xml: string, name: string): string | undefined => {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
  return match ? unescapeXml(match[1]!) : undefined;
};
const attribute = (xml: string, name: string, attr: string): string | undefined => {
  const match = new RegExp(`<${name}\\s[^>]*?${attr}="([^"]*)"`).exec(xml);
  return match ? unescapeXml(match[1]!) : undefined;
};

/** The System block of an event's XML, or null when the text has none. */
export function systemOf(xml: string): WindowsSystem | null {
  const system = /<System>([\s\S]*?)<\/System>/.exec(xml)?.[1];
  if (system === undefined) return null;
  return {
    EventID: element(system, "EventID"),
    Channel: element(system, "Channel"),
    Computer: element(system, "Computer"),
    Provider_Name: attribute(system, "Provider", "Name"),
    EventRecordID: element(system, "EventRecordID"),
    TimeCreated: attribute(system, "TimeCreated", "SystemTime"),
    Level: element(system, "Level"),
    Task: element(system, "Task"),
    Keywords: element(system, "Keywords"),
    Version: element(system, "Version"),
    Opcode: element(system, "Opcode"),
    ProcessID: attribute(system, "Execution", "ProcessID"),
    ThreadID: attribute(system, "Execution", "ThreadID"),
    UserID: attribute(system, "Security", "UserI[dD]"),
  };
}
