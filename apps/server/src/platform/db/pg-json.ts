// JSON.stringify keeps NUL (\u0000) and lone surrogates as escapes, which PostgreSQL's jsonb refuses;
// one bad character must not fail a whole batch, so they become U+FFFD. The lookbehind skips escaped
// backslashes ("\\u0000" is text, not a NUL).
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/** Serialises a value as JSON that PostgreSQL's jsonb accepts. */
export function toPgJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\u") ? json.replace(UNSTORABLE_ESCAPE, "$1\\ufffd") : json;
}
