import type { ValueTransform } from "@vigie/contracts";

/** A value between transforms: text, or bytes once an encoding produced them. */
type Intermediate = string | Buffer;

/** The dash characters Windows command lines accept interchangeably (Sigma `|windash`). */
const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];
/** Most dashes one `windash` value may hold: each multiplies the values by five. */
const MAX_WINDASH_DASHES = 4;

const bytesOf = (value: Intermediate) => (typeof value === "string" ? Buffer.from(value, "utf8") : value);

/** Every way of writing the value's dashes with any of the five dash characters. */
function windash(value: Intermediate): Intermediate[] {
  const text = typeof value === "string" ? value : value.toString("latin1");
  const parts = text.split(/[-/\u2013\u2014\u2015]/);
  if (parts.length - 1 > MAX_WINDASH_DASHES) {
    throw new Error(`windash: "${text}" holds more than ${MAX_WINDASH_DASHES} dashes`);
  }
  let variants = [parts[0] ?? ""];
  for (const part of parts.slice(1))
    variants = variants.flatMap((head) => DASHES.map((dash) => head + dash + part));
  return variants;
}

/**
 * The three base64 texts of the value as it appears at byte offsets 0, 1 and 2 of a longer encoded
 * text: the characters that depend on the neighbouring bytes are cut off.
 */
function base64Offsets(value: Intermediate): string[] {
  const bytes = bytesOf(value);
  const variants: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const start = [0, 2, 3][shift]!;
    const tail = (bytes.length + shift) % 3;
    const end = encoded.length - [0, 3, 2][tail]!;
    variants.push(encoded.slice(start, end));
  }
  return variants;
}

const utf16be = (value: Intermediate) => {
  const bytes = Buffer.from(bytesOf(value).toString("utf8"), "utf16le");
  return bytes.swap16();
};

const transforms: Record<ValueTransform, (value: Intermediate) => Intermediate[]> = {
  base64: (value) => [bytesOf(value).toString("base64")],
  base64offset: base64Offsets,
  utf16le: (value) => [Buffer.from(bytesOf(value).toString("utf8"), "utf16le")],
  wide: (value) => [Buffer.from(bytesOf(value).toString("utf8"), "utf16le")],
  utf16be: (value) => [utf16be(value)],
  utf16: (value) => [
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytesOf(value).toString("utf8"), "utf16le")]),
  ],
  windash,
};

/**
 * Applies a test's transforms, in order, to one rule value; bytes left at the end become text one
 * character per byte (what a decoder that did not know the encoding would show).
 */
export function transformValue(value: string, steps: readonly ValueTransform[]): string[] {
  let values: Intermediate[] = [value];
  for (const step of steps) values = values.flatMap(transforms[step]);
  return values.map((result) => (typeof result === "string" ? result : result.toString("latin1")));
}
