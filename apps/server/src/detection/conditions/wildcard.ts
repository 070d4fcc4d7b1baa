/** One piece of a Sigma pattern: literal text, `*` (any run) or `?` (one character). */
type Token = { text: string } | "*" | "?";

/** A Sigma pattern as the simplest test that decides it. */
export type PatternTest =
  | { kind: "eq" | "contains" | "startswith" | "endswith"; text: string }
  | { kind: "glob"; tokens: readonly Token[] };

/**
 * Splits a Sigma pattern: `*` and `?` are wildcards, `\*`, `\?` and `\\` stand for the character itself,
 * and any other backslash is a literal backslash (so `C:\Windows\*` needs no doubling).
 */
export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let text = "";
  const flush = () => {
    if (text) tokens.push({ text });
    text = "";
  };
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    const next = pattern[index + 1];
    if (char === "\\" && (next === "*" || next === "?" || next === "\\")) {
      text += next;
      index++;
    } else if (char === "*" || char === "?") {
      flush();
      if (!(char === "*" && tokens[tokens.length - 1] === "*")) tokens.push(char);
    } else text += char;
  }
  flush();
  return tokens;
}

/** The pattern's literal text when it has no wildcard, else null. */
export function literalOf(pattern: string): string | null {
  const tokens = tokenize(pattern);
  if (tokens.length === 0) return "";
  const only = tokens[0]!;
  return tokens.length === 1 && typeof only === "object" ? only.text : null;
}

/** Compiles a pattern to eq / contains / startswith / endswith when it is one of them, else a glob. */
export function classifyPattern(pattern: string): PatternTest {
  const tokens = tokenize(pattern);
  const texts = tokens.filter((token): token is { text: string } => typeof token === "object");
  const shape = tokens.map((token) => (typeof token === "object" ? "t" : token)).join("");
  const text = texts[0]?.text ?? "";
  if (shape === "" || shape === "t") return { kind: "eq", text };
  if (shape === "*t*") return { kind: "contains", text };
  if (shape === "t*") return { kind: "startswith", text };
  if (shape === "*t") return { kind: "endswith", text };
  return { kind: "glob", tokens };
}

function matchesAt(tokens: readonly Token[], index: number, value: string, at: number): number {
  const token = tokens[index]!;
  if (token === "?") return at < value.length ? at + 1 : -1;
  return value.startsWith((token as { text: string }).text, at)
    ? at + (token as { text: string }).text.length
    : -1;
}

/**
 * True when the value matches the tokens: greedy, retrying only from the last `*`, so the time stays
 * proportional to value length × pattern length, never exponential.
 */
export function globMatches(tokens: readonly Token[], value: string): boolean {
  let index = 0;
  let at = 0;
  let star = -1;
  let starAt = 0;
  while (at < value.length || index < tokens.length) {
    if (index < tokens.length && tokens[index] === "*") {
      star = index++;
      starAt = at;
      continue;
    }
    const next = index < tokens.length ? matchesAt(tokens, index, value, at) : -1;
    if (next >= 0) {
      index++;
      at = next;
      continue;
    }
    if (star < 0 || starAt >= value.length) return false;
    index = star + 1;
    at = ++starAt;
  }
  return true;
}
