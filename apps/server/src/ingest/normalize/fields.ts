import { cutToLength, removeUnprintable } from "../sanitize.ts";

/** Longest text kept in one normalized value. */
export const MAX_NORMALIZED_TEXT = 2_048;
/** Elements of a list (e.g. several recipients) joined into one normalized text value; the rest is in `raw`. */
const MAX_LIST_ITEMS = 32;
/** Plain decimal numbers only: `Number()` alone would turn "", " " and "0x1f" into numbers. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * How one normalized value is coerced: `text` → trimmed printable string, `number` → finite number,
 * `code` → a number when numeric, else text (e.g. signature ids, logon types).
 */
export type FieldKind = "text" | "number" | "code";

/** One normalized key: its kind and the other names real tools give it (dotted paths reach nested objects). */
export interface FieldSpec {
  kind: FieldKind;
  aliases?: readonly string[];
}

/** A source type's normalizer: the keys it always produces, and an optional event-type guess. */
export interface Normalizer {
  keys: readonly string[];
  normalize(input: Record<string, unknown>): Record<string, unknown>;
  inferEventType?(normalized: Record<string, unknown>): string | undefined;
}

type JsonObject = Record<string, unknown>;
interface Path {
  name: string;
  segments: readonly string[];
}
interface CompiledField {
  key: string;
  coerce: (value: unknown) => string | number | null;
  paths: readonly Path[];
}

/** True for a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A trimmed printable string capped at {@link MAX_NORMALIZED_TEXT}, or null (empty, object, non-finite). */
export function toText(value: unknown): string | null {
  if (typeof value === "string") {
    const text = cutToLength(removeUnprintable(value).trim(), MAX_NORMALIZED_TEXT);
    return text === "" ? null : text;
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return listToText(value);
  return null;
}

/** A finite number from a number or a plain decimal string, else null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.length > 64) return null;
  const trimmed = value.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

/** A number when the value is numeric, else its text (identifiers that are numbers in most tools). */
export function toCode(value: unknown): string | number | null {
  return toNumber(value) ?? toText(value);
}

const COERCERS: Record<FieldKind, CompiledField["coerce"]> = { text: toText, number: toNumber, code: toCode };

function listToText(list: readonly unknown[]): string | null {
  const items: string[] = [];
  for (const item of list.slice(0, MAX_LIST_ITEMS)) {
    // Lists of objects are not guessed at: only scalar items are joined.
    const text = Array.isArray(item) ? null : toText(item);
    if (text !== null) items.push(text);
  }
  return items.length === 0 ? null : cutToLength(items.join(", "), MAX_NORMALIZED_TEXT);
}

function compilePath(name: string): Path {
  return { name, segments: name.split(".") };
}

/** A flat key ("dns.rrname" as one key, as some shippers send it) wins over the nested walk. */
function read(source: JsonObject, path: Path): unknown {
  if (Object.hasOwn(source, path.name)) return source[path.name];
  if (path.segments.length === 1) return undefined;
  let current: unknown = source;
  for (const segment of path.segments) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Each name is tried on the input, then on its `metadata` (AudioSOC v1); the first usable value wins. */
function pick(
  field: CompiledField,
  input: JsonObject,
  metadata: JsonObject | undefined,
): string | number | null {
  for (const path of field.paths) {
    const value = field.coerce(read(input, path));
    if (value !== null) return value;
    if (metadata === undefined) continue;
    const fromMetadata = field.coerce(read(metadata, path));
    if (fromMetadata !== null) return fromMetadata;
  }
  return null;
}

/** Builds a normalizer from a table of keys; paths are compiled once, here, not per event. */
export function defineNormalizer(
  fields: Record<string, FieldSpec>,
  inferEventType?: Normalizer["inferEventType"],
): Normalizer {
  const compiled: CompiledField[] = Object.entries(fields).map(([key, spec]) => ({
    key,
    coerce: COERCERS[spec.kind],
    paths: [key, ...(spec.aliases ?? [])].map(compilePath),
  }));
  return {
    keys: compiled.map((field) => field.key),
    normalize(input) {
      const source = isRecord(input) ? input : {};
      const metadata = isRecord(source.metadata) ? source.metadata : undefined;
      const normalized: JsonObject = {};
      for (const field of compiled) normalized[field.key] = pick(field, source, metadata);
      return normalized;
    },
    ...(inferEventType && { inferEventType }),
  };
}

/** An event-type guess from a lower-cased text value looked up in a table (e.g. firewall actions). */
export function lookupEventType(table: Readonly<Record<string, string>>, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const key = value.toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
