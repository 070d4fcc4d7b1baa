// JSON.stringify keeps NUL (\u0000) and lone surrogates as escapes, which PostgreSQL's jsonb refuses;
// one bad character must not fail a whole batch, so they become U+FFFD. The lookbehind skips escaped
// backslashes ("\\u0000" is text, not a NUL).
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

// The JSON text an object was parsed from, when its reader kept it (an NDJSON line): the object is stored
// as that text, which costs no serialisation and is the document exactly as sent.
const sourceTexts = new WeakMap<object, string>();

/** Remembers that `value` was parsed from `text` (which must be its JSON text, unchanged since). */
export function parsedFrom<T extends object>(value: T, text: string): T {
  sourceTexts.set(value, text);
  return value;
}

/** Serialises a value as JSON that PostgreSQL's json and jsonb accept: its source text when known. */
export function toPgJson(value: unknown): string {
  const json =
    (typeof value === "object" && value !== null && sourceTexts.get(value)) || JSON.stringify(value);
  return json.includes("\\u") ? json.replace(UNSTORABLE_ESCAPE, "$1\\ufffd") : json;
}
