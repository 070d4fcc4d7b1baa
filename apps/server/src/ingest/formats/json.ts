/* Small readers over parsed JSON documents, shared by the recognisers. */

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The object at `value`, or an empty one. */
export const objectAt = (value: unknown): Json => (isObject(value) ? value : {});

/** The value at a dotted path of nested objects (`winlog.event_data`), or undefined. */
export function at(doc: unknown, path: string): unknown {
  let current = doc;
  for (const key of path.split(".")) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A string or finite number as text, else null. */
export function textOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : null;
}
