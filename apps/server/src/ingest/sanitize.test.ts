import { MAX_TEXT_LENGTH } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { cutToLength, removeUnprintable, sanitizeText } from "./sanitize.ts";

describe("sanitizeText", () => {
  it("gives null for null and undefined", () => {
    expect(sanitizeText(null)).toBeNull();
    expect(sanitizeText(undefined)).toBeNull();
  });

  it("keeps ordinary text, newlines and tabs", () => {
    expect(sanitizeText("Failed password for root from 10.0.0.5\n\tport 22")).toBe(
      "Failed password for root from 10.0.0.5\n\tport 22",
    );
  });

  it("removes NUL, carriage returns and the other C0 controls", () => {
    expect(sanitizeText("a\u0000b\rc\u0007d\u0008e\u000bf\u000cg\u001fh")).toBe("abcdefgh");
  });

  it("removes the escape character of ANSI sequences so a terminal never interprets them", () => {
    const cleaned = sanitizeText("\u001b[31mALERT\u001b[0m");
    expect(cleaned).toBe("[31mALERT[0m");
    expect(cleaned).not.toContain("\u001b");
  });

  it("removes DEL and the C1 controls 0x80-0x9F", () => {
    expect(sanitizeText("a\u007fb\u0080c\u009bd\u009fe")).toBe("abcde");
  });

  it("keeps HTML as inert text", () => {
    expect(sanitizeText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });

  it("keeps accents, non-Latin scripts and emoji (U+00A0 and above)", () => {
    const text = "Échec d'authentification \u00a0 über 認証 🔥👩‍💻";
    expect(sanitizeText(text)).toBe(text);
  });

  it("removes lone surrogates but keeps whole pairs", () => {
    expect(sanitizeText("a\ud800b")).toBe("ab");
    expect(sanitizeText("a\udc00b")).toBe("ab");
    expect(sanitizeText("\udc00\ud83d\udd25\ud800")).toBe("🔥");
  });

  it("cuts a 20,000-character input to MAX_TEXT_LENGTH", () => {
    const cleaned = sanitizeText("x".repeat(20_000));
    expect(MAX_TEXT_LENGTH).toBe(10_240);
    expect(cleaned).toHaveLength(MAX_TEXT_LENGTH);
  });

  it("counts the limit after removing controls, so they do not eat the budget", () => {
    const cleaned = sanitizeText("\u0000".repeat(5_000) + "y".repeat(MAX_TEXT_LENGTH));
    expect(cleaned).toBe("y".repeat(MAX_TEXT_LENGTH));
  });

  it("never splits an emoji at the cut", () => {
    const straddling = `${"a".repeat(MAX_TEXT_LENGTH - 1)}🔥tail`;
    expect(sanitizeText(straddling)).toBe("a".repeat(MAX_TEXT_LENGTH - 1));
    const fitting = `${"a".repeat(MAX_TEXT_LENGTH - 2)}🔥tail`;
    expect(sanitizeText(fitting)).toBe(`${"a".repeat(MAX_TEXT_LENGTH - 2)}🔥`);
  });

  it("accepts a smaller limit", () => {
    expect(sanitizeText("abcdef", 3)).toBe("abc");
  });

  it("turns objects into JSON and other values into their text", () => {
    expect(sanitizeText({ user: "root", port: 22 })).toBe('{"user":"root","port":22}');
    expect(sanitizeText(["a", 1])).toBe('["a",1]');
    expect(sanitizeText(443)).toBe("443");
    expect(sanitizeText(false)).toBe("false");
    expect(sanitizeText(10n)).toBe("10");
  });

  it("does not throw on objects JSON cannot represent", () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(sanitizeText(circular)).toBe("[object Object]");
    expect(sanitizeText({ big: 10n })).toBe("[object Object]");
    const hostile = {
      toJSON() {
        throw new Error("no");
      },
      toString() {
        throw new Error("no");
      },
    };
    expect(sanitizeText(hostile)).toBe("[object Object]");
  });

  it("sanitizes the JSON of an object too", () => {
    expect(sanitizeText({ m: "a\u0000b" })).toBe('{"m":"a\\u0000b"}');
    expect(sanitizeText({ m: "a\u0085b" })).toBe('{"m":"ab"}');
  });
});

describe("removeUnprintable", () => {
  it("returns the same string when there is nothing to remove", () => {
    const clean = "nothing to remove";
    expect(removeUnprintable(clean)).toBe(clean);
  });

  it("works on consecutive calls (the shared regex keeps no state between them)", () => {
    expect(removeUnprintable("a\u0000")).toBe("a");
    expect(removeUnprintable("\u0000b")).toBe("b");
    expect(removeUnprintable("c\u0001d")).toBe("cd");
  });
});

describe("cutToLength", () => {
  it("leaves short text alone", () => {
    expect(cutToLength("abc", 3)).toBe("abc");
  });

  it("drops a high surrogate left alone by the cut", () => {
    expect(cutToLength("ab🔥", 3)).toBe("ab");
    expect(cutToLength("ab🔥", 4)).toBe("ab🔥");
  });
});
