import { describe, expect, it } from "vitest";
import { LiteralSearch } from "./literal-search.ts";

const found = (literals: string[], text: string) => {
  const ids = new Set<number>();
  new LiteralSearch(literals).collect(text, ids);
  return [...ids].sort((a, b) => a - b).map((id) => literals[id]);
};

describe("LiteralSearch", () => {
  it("reports every literal that occurs, overlapping and nested ones included", () => {
    expect(found(["he", "she", "his", "hers"], "ushers")).toEqual(["he", "she", "hers"]);
    expect(found(["\\cmd.exe", "cmd", ".exe", "powershell"], "c:\\windows\\system32\\cmd.exe /c")).toEqual([
      "\\cmd.exe",
      "cmd",
      ".exe",
    ]);
    expect(found(["aab", "ab", "b"], "aaab")).toEqual(["aab", "ab", "b"]);
  });

  it("agrees with includes() on random texts and literals", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    // ASCII and non-ASCII letters: the two are read by different paths that share the states.
    const word = (length: number) => Array.from({ length }, () => "abcé"[random() % 4]).join("");
    for (let round = 0; round < 500; round++) {
      const literals = Array.from({ length: 1 + (random() % 8) }, () => word(1 + (random() % 4)));
      const text = word(random() % 30);
      expect(found(literals, text)).toEqual(literals.filter((literal) => text.includes(literal)));
    }
  });
});
