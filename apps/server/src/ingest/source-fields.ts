import { cutToLength, removeUnprintable } from "./sanitize.ts";

/** Most source fields kept in `normalized` per event; the document itself stays whole in `raw`. */
const MAX_FIELDS = 512;
/** Longest text kept in one source field: Windows command lines reach 32,767 characters. */
export const MAX_SOURCE_TEXT = 32_768;
const MAX_KEY = 128;
const MAX_LIST = 64;

/** Called when a bound cut something off (the caller flags the event `truncated`). */
type OnCut = () => void;

function cut(text: string, max: number, onCut: OnCut): string {
  if (text.length > max) onCut();
  return cutToLength(text, max);
}

function boundScalar(value: unknown, onCut: OnCut): string | number | boolean | null {
  if (typeof value === "string") return cut(removeUnprintable(value), MAX_SOURCE_TEXT, onCut);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  return null;
}

function boundValue(value: unknown, onCut: OnCut): unknown {
  if (!Array.isArray(value)) {
    if (typeof value === "object" && value !== null) return cut(safeJson(value), 2_048, onCut);
    return boundScalar(value, onCut);
  }
  if (value.length > MAX_LIST) onCut();
  return value
    .slice(0, MAX_LIST)
    .map((item) =>
      typeof item === "object" && item !== null
        ? cut(safeJson(item), 2_048, onCut)
        : boundScalar(item, onCut),
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
 * `onCut` hears of anything left out or shortened.
 */
export function boundSourceFields(
  fields: unknown,
  onCut: OnCut = () => undefined,
): Record<string, unknown> | null {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return null;
  const bounded: Record<string, unknown> = {};
  let count = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (count++ >= MAX_FIELDS) {
      onCut();
      break;
    }
    const name = cut(removeUnprintable(key), MAX_KEY, onCut);
    if (name) bounded[name] = boundValue(value, onCut);
  }
  return bounded;
}
