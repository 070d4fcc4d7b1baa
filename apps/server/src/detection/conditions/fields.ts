import type { DetectionEvent } from "../types.ts";

/** A compiled read of one event field; `undefined` means the event has no such field. */
export type FieldReader = (event: DetectionEvent) => unknown;

/** The stored event's columns a rule reads by their own name (docs/RULES.md, "Field names"). */
export const EVENT_COLUMNS: ReadonlySet<string> = new Set([
  "id",
  "timestamp",
  "site_id",
  "source_type",
  "event_type",
  "severity",
  "source_ip",
  "dest_ip",
  "source_port",
  "dest_port",
  "hostname",
  "username",
  "message",
  "raw_log",
]);

/**
 * Fields that name the kind of an event (a Windows event ID, a normalized event type, a channel): few
 * values, each shared by many events. The rule index files rules under them first; a text found in them
 * tells little, so literals are looked for elsewhere first.
 */
export const EVENT_KIND_FIELDS: readonly string[] = [
  "EventID",
  "event_type",
  "Channel",
  "source_type",
  "Provider_Name",
  "EventType",
];

/** The JSON documents of a stored event a rule reads into (`normalized.x`, `metadata.x`, `raw.x`). */
export const DOCUMENTS = ["normalized", "metadata", "raw"] as const;
type Document = (typeof DOCUMENTS)[number];

function readPath(root: unknown, keys: readonly string[]): unknown {
  let value = root;
  for (const key of keys) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const documentOf = (event: DetectionEvent, name: Document): unknown => event[name];

/**
 * Compiles the read of a field named as fields.md decides: a column reads the column (a null column is no
 * value); `normalized.x`, `metadata.x`, `raw.x` read that path; any other name reads `normalized[name]`
 * (the whole name as one key, so `id.orig_h` works), then `metadata[name]`, then the dotted path in `raw`.
 */
export function compileFieldReader(name: string): FieldReader {
  if (EVENT_COLUMNS.has(name)) {
    return (event) => (event as unknown as Record<string, unknown>)[name] ?? undefined;
  }
  const [root = "", ...rest] = name.split(".");
  if (rest.length > 0 && (DOCUMENTS as readonly string[]).includes(root)) {
    return (event) => readPath(documentOf(event, root as Document), rest);
  }
  if (DOCUMENTS.includes(name as Document)) return (event) => documentOf(event, name as Document);
  const rawPath = name.split(".");
  return (event) => {
    const normalized = event.normalized?.[name];
    if (normalized !== undefined) return normalized;
    const metadata = event.metadata?.[name];
    if (metadata !== undefined) return metadata;
    return readPath(event.raw, rawPath);
  };
}

/** The key under which keyword tests read `eventTexts` (no field can be named so). */
export const KEYWORDS_KEY = "\u0000keywords";

const textsCache = new WeakMap<DetectionEvent, readonly string[]>();

function collectStrings(value: unknown, into: string[], depth: number): void {
  if (typeof value === "string") into.push(value);
  else if (typeof value === "number" || typeof value === "boolean") into.push(String(value));
  else if (value !== null && typeof value === "object" && depth < 8) {
    for (const child of Object.values(value)) collectStrings(child, into, depth + 1);
  }
}

/**
 * The texts a keyword test searches: the message, the original line and every value of the submitted
 * document. Computed once per event, however many keyword rules read it.
 */
export function eventTexts(event: DetectionEvent): readonly string[] {
  let texts = textsCache.get(event);
  if (texts) return texts;
  const collected: string[] = [];
  if (event.message) collected.push(event.message);
  if (event.raw_log) collected.push(event.raw_log);
  collectStrings(event.raw, collected, 0);
  texts = collected;
  textsCache.set(event, texts);
  return texts;
}
