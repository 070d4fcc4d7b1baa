import { cutToLength, removeUnprintable } from "./sanitize.ts";

/** Most source fields kept in `normalized` per event; the document itself stays whole in `raw`. */
const MAX_FIELDS = 512;
/** Longest text kept in one source field: Windows command lines reach 32,767 characters. */
export const MAX_SOURCE_TEXT = 32_768;
const MAX_KEY = 128;
const MAX_LIST = 64;

function boundScalar(value: unknown): string | number | boolean | null {
  if (typeof value === "string") return cutToLength(removeUnprintable(value), MAX_SOURCE_TEXT);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  return null;
}

function boundValue(value: unknown): unknown {
  if (!Array.isArray(value)) {
    if (typeof value === "object" && value !== null) return cutToLength(safeJson(value), 2_048);
    return boundScalar(value);
  }
  return value
    .slice(0, MAX_LIST)
    .map((item) =>
      typeof item === "object" && item !== null ? cutToLength(safeJson(item), 2_048) : boundScalar(item),
    );
}

function safeJson(value: unknown): string {
  try {
    return removeUnprintable(JSON.stringify(value) ?? "");
  } catch {
    return "";
  }
}

/**
 * The source's own fields (`source_fields` of an ingest record) made safe to store beside the contract keys
 * in `normalized`: at most 512, printable keys and text, bounded lengths; nested values become JSON text.
 */
export function boundSourceFields(fields: unknown): Record<string, unknown> | null {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return null;
  const bounded: Record<string, unknown> = {};
  let count = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (count++ >= MAX_FIELDS) break;
    const name = cutToLength(removeUnprintable(key), MAX_KEY);
    if (name) bounded[name] = boundValue(value);
  }
  return bounded;
}
