import { describe, expect, it } from "vitest";
import { type Frame, FrameDecoder } from "./framing.ts";

/** Feeds the text in pieces of the given sizes, then ends the stream. */
function decodeInPieces(text: string, sizes: number[], max = 1024): Frame[] {
  const bytes = Buffer.from(text);
  const decoder = new FrameDecoder(max);
  const frames: Frame[] = [];
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    frames.push(...decoder.push(bytes.subarray(pos, pos + size)));
    pos += size;
  }
  return [...frames, ...decoder.end()];
}

const texts = (frames: Frame[]) => frames.map((f) => f.text);

describe("FrameDecoder", () => {
  const mixed = "13 <34>1 - - - a\n<13>line one\r\n11 <13>two\nlf\n7 <1>x\ny\n";

  it("detects octet counting and LF framing per message in one stream", () => {
    expect(texts(decodeInPieces(mixed, [1000]))).toEqual([
      "<34>1 - - - a",
      "<13>line one",
      "<13>two\nlf",
      "<1>x\ny",
    ]);
  });

  it("gives the same result whatever the read boundaries", () => {
    const whole = texts(decodeInPieces(mixed, [1000]));
    for (const sizes of [[1], [2], [3, 1], [5, 7, 2]])
      expect(texts(decodeInPieces(mixed, sizes))).toEqual(whole);
  });

  it("treats digits not followed by a space as the start of a line", () => {
    expect(texts(decodeInPieces("2024-01-01T00:00:00Z host app: hi\n12345678901 x\n", [4]))).toEqual([
      "2024-01-01T00:00:00Z host app: hi",
      "12345678901 x",
    ]);
  });

  it("skips blank separators and flushes an unterminated last line at the end", () => {
    expect(texts(decodeInPieces("\n\r\n\0<13>a\n\n<13>b", [3]))).toEqual(["<13>a", "<13>b"]);
  });

  it("cuts an oversized LF frame, skips its rest, and keeps going", () => {
    const frames = decodeInPieces(`${"x".repeat(50)}\nshort\n`, [7], 16);
    expect(frames).toEqual([
      { text: "x".repeat(16), truncated: true },
      { text: "short", truncated: false },
    ]);
  });

  it("cuts an oversized counted frame, skipping exactly its announced length", () => {
    const frames = decodeInPieces(`40 ${"y".repeat(40)}5 hello`, [6], 16);
    expect(frames).toEqual([
      { text: "y".repeat(16), truncated: true },
      { text: "hello", truncated: false },
    ]);
  });

  it("never holds more than the limit for a frame that never ends", () => {
    const decoder = new FrameDecoder(1000);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let frames = 0;
    for (let i = 0; i < 100; i++) frames += decoder.push(chunk).length;
    expect(frames).toBe(1);
    expect((decoder as unknown as { kept: number }).kept).toBe(0);
  });

  it("reports a counted frame cut short by the end of the stream as truncated", () => {
    expect(decodeInPieces("20 <13>abc", [100])).toEqual([{ text: "<13>abc", truncated: true }]);
  });

  it("keeps multi-byte characters split across reads", () => {
    expect(texts(decodeInPieces("<13>café ☕\n", [5, 1]))).toEqual(["<13>café ☕"]);
  });
});
