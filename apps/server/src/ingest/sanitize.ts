import { MAX_TEXT_LENGTH } from "@vigie/contracts";

/**
 * What is not "printable" (CONTRACT §3): C0 controls except `\t` and `\n`, DEL, C1 controls, and UTF-16
 * surrogates without their other half (they make invalid UTF-8 downstream). No `u` flag: the regex must
 * see code units to find lone surrogates.
 */
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any character UNPRINTABLE could match, surrogates paired or not: one class, scanned fast. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const MAYBE_UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/** Removes control characters (keeping `\n` and `\t`) and lone surrogates; other Unicode is kept. */
export function removeUnprintable(text: string): string {
  // Most log text is clean: a single-class scan says so without the lookarounds or a new string.
  if (!MAYBE_UNPRINTABLE.test(text)) return text;
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, "");
}

/** Cuts `text` to at most `maxLength` UTF-16 code units without splitting a surrogate pair. */
export function cutToLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const lastKept = text.charCodeAt(maxLength - 1);
  const splitsPair = lastKept >= 0xd800 && lastKept <= 0xdbff;
  return text.slice(0, splitsPair ? maxLength - 1 : maxLength);
}

/**
 * The one flag of a stored event whose text is shorter than what was sent (`metadata.truncated: true`),
 * on every path: a syslog message cut at the receiver's limit, or a field cut here. `raw` keeps the whole.
 */
export const TRUNCATED = "truncated";

/** Marks `metadata` as holding an event some of whose text was cut. */
export function markTruncated(metadata: Record<string, unknown>): void {
  metadata[TRUNCATED] = true;
}

/** Safe stored text and whether the limit cut it. */
export interface SanitizedText {
  text: string | null;
  cut: boolean;
}

/** Turns any submitted value into safe stored text, and says whether it had to be cut. */
export function sanitizeField(value: unknown, maxLength: number = MAX_TEXT_LENGTH): SanitizedText {
  if (value === null || value === undefined) return { text: null, cut: false };
  const printable = removeUnprintable(asText(value));
  const text = cutToLength(printable, maxLength);
  return { text, cut: text.length < printable.length };
}

/** Turns any submitted value into safe stored text (`message`, `raw_log`): printable, cut to the limit. */
export function sanitizeText(value: unknown, maxLength: number = MAX_TEXT_LENGTH): string | null {
  return sanitizeField(value, maxLength).text;
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return (typeof value === "object" ? JSON.stringify(value) : undefined) ?? String(value);
  } catch {
    // Circular structures, BigInts inside objects, or a hostile toString: still give something readable.
    return Object.prototype.toString.call(value);
  }
}
