import { SigmaRuleError } from "./types.ts";

/** A parsed Sigma `condition` string, naming search identifiers. */
export type ConditionAst =
  | { type: "ref"; name: string }
  | { type: "of"; quantifier: "one" | "all"; pattern: string }
  | { type: "and" | "or"; items: ConditionAst[] }
  | { type: "not"; item: ConditionAst };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_*.-]+|\||\S)/y;
const PATH = "detection.condition";

/** Splits a condition into words and brackets. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    tokens.push(match[1] as string);
    at = TOKEN.lastIndex;
  }
  if (/\S/.test(text.slice(at)))
    throw new SigmaRuleError(PATH, `cannot read "${text}"`, "unreadable condition");
  return tokens;
}

/** Recursive descent over Sigma's grammar: or < and < not < "x of" < brackets. */
class ConditionParser {
  #at = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): ConditionAst {
    const ast = this.#or();
    const rest = this.tokens[this.#at];
    if (rest === "|")
      throw new SigmaRuleError(
        PATH,
        "aggregation expressions (`| count() ...`) are Sigma 1 syntax",
        "aggregation in condition",
      );
    if (rest !== undefined) throw new SigmaRuleError(PATH, `unexpected "${rest}"`);
    return ast;
  }

  #peek(): string | undefined {
    return this.tokens[this.#at]?.toLowerCase();
  }

  #or(): ConditionAst {
    const items = [this.#and()];
    while (this.#peek() === "or") {
      this.#at++;
      items.push(this.#and());
    }
    return items.length === 1 ? (items[0] as ConditionAst) : { type: "or", items };
  }

  #and(): ConditionAst {
    const items = [this.#not()];
    while (this.#peek() === "and") {
      this.#at++;
      items.push(this.#not());
    }
    return items.length === 1 ? (items[0] as ConditionAst) : { type: "and", items };
  }

  #not(): ConditionAst {
    if (this.#peek() !== "not") return this.#primary();
    this.#at++;
    return { type: "not", item: this.#not() };
  }

  #primary(): ConditionAst {
    const token = this.tokens[this.#at++];
    if (token === undefined) throw new SigmaRuleError(PATH, "the condition ends too early");
    if (token === "(") {
      const inner = this.#or();
      if (this.tokens[this.#at++] !== ")") throw new SigmaRuleError(PATH, "a bracket is not closed");
      return inner;
    }
    const lower = token.toLowerCase();
    if ((lower === "1" || lower === "all" || lower === "any") && this.#peek() === "of") {
      this.#at++;
      const pattern = this.tokens[this.#at++];
      if (!pattern || !/^[A-Za-z0-9_*.-]+$/.test(pattern))
        throw new SigmaRuleError(PATH, `"${token} of" needs an identifier pattern or "them"`);
      return { type: "of", quantifier: lower === "all" ? "all" : "one", pattern };
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(token) || ["and", "or", "not", "of"].includes(lower))
      throw new SigmaRuleError(PATH, `unexpected "${token}"`);
    return { type: "ref", name: token };
  }
}

/** Parses one Sigma condition string; a `SigmaRuleError` names what is wrong. */
export function parseConditionExpression(text: string): ConditionAst {
  if (!text.trim()) throw new SigmaRuleError(PATH, "the condition is empty");
  return new ConditionParser(tokenize(text)).parse();
}
