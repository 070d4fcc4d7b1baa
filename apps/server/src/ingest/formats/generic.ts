import { isObject, type Json, textOf } from "./json.ts";
import type { Recogniser } from "./types.ts";

/** Most fields kept from one document; a document with more keeps the rest in `raw` only. */
export const MAX_SOURCE_FIELDS = 512;

/**
 * Nested objects as dotted keys (`{"a": {"b": 1}}` → `{"a.b": 1}`), so every field of a document nobody
 * recognised is searchable and reachable by rules; arrays stay values. Iterative: depth is bounded upstream.
 */
export function flatten(doc: Json, maxFields = MAX_SOURCE_FIELDS): Json {
  const flat: Json = {};
  let count = 0;
  const stack: [string, Json][] = [["", doc]];
  while (stack.length && count < maxFields) {
    const [prefix, object] = stack.pop()!;
    for (const [key, value] of Object.entries(object)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (isObject(value)) stack.push([name, value]);
      else if (count++ < maxFields) flat[name] = value;
    }
  }
  return flat;
}

const firstText = (doc: Json, keys: readonly string[], max: number): string | null => {
  for (const key of keys) {
    const text = textOf(doc[key]);
    if (text) return text.slice(0, max);
  }
  return null;
};

/** Any JSON object: stored as a generic `json` event with every field kept (flattened) in `normalized`. */
export const genericJsonRecogniser: Recogniser = {
  name: "json",
  matches: () => true,
  toEvent(doc) {
    const host = isObject(doc.host) ? doc.host.name : doc.host;
    return {
      ok: true,
      record: {
        source_type: "generic",
        event_type: "json",
        message: firstText(doc, ["message", "msg", "log", "MESSAGE", "short_message"], 1_000_000),
        timestamp: firstText(doc, ["timestamp", "@timestamp", "time", "ts", "date"], 64),
        hostname: firstText({ hostname: doc.hostname ?? host }, ["hostname"], 255),
        metadata: { format: "json" },
        source_fields: flatten(doc),
      },
    };
  },
};
