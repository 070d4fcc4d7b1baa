import { RE2JS } from "re2js";

/** A compiled regular expression: RE2 semantics, linear in the input, whatever the pattern. */
export type RegexTest = (text: string) => boolean;

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * Compiles a rule author's regular expression with re2js (never the JS engine, which backtracks). The
 * match is a search: anchor with `^` and `$` to test the whole value. Throws with RE2's reason when
 * the pattern is not valid RE2 (back-references, look-arounds...).
 */
export function compileRegex(pattern: string, flags = ""): RegexTest {
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag] ?? 0;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, bits);
  } catch (error) {
    throw new Error(`regular expression /${pattern}/ is not valid RE2: ${(error as Error).message}`);
  }
  return (text) => compiled.test(text);
}
