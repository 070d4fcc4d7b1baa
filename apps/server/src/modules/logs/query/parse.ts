/**
 * The event search language (docs/SEARCH.md): `field:value`, comparisons (`dest_port>=1024`), quoted
 * phrases, wildcards, AND / OR / NOT (or `-`) and parentheses; a bare word or phrase is free text. AND
 * binds tighter than OR and may be left out.
 */

/** A comparison between a field and a value. */
export type Comparison = ":" | "=" | ">" | ">=" | "<" | "<=";

/** One node of a parsed query; `at` is the 0-based position of its first character in the query. */
export type QueryNode =
  | { kind: "and" | "or"; children: QueryNode[]; at: number }
  | { kind: "not"; child: QueryNode; at: number }
  | { kind: "text"; value: string; quoted: boolean; at: number }
  | { kind: "field"; field: string; op: Comparison; value: string; quoted: boolean; at: number };

/** A query that cannot be read, with the position of the problem. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at position ${position + 1})`);
  }
}

type Token =
  | { type: "word"; value: string; quoted: boolean; at: number }
  | { type: "op"; value: Comparison; at: number }
  | { type: "(" | ")" | "-"; at: number };

const OPERATORS: Comparison[] = [">=", "<=", ":", "=", ">", "<"];
const STOP = new Set([" ", "\t", "\n", "\r", "(", ")", '"', ":", "=", ">", "<"]);
/** After a comparison the value runs to the next space or parenthesis (`fe80::1`, `2026-12-01T10:00Z`). */
const VALUE_STOP = new Set([" ", "\t", "\n", "\r", "(", ")", '"']);
/** Longest query accepted, and deepest nesting: enough for a person, bounded for the parser. */
export const MAX_QUERY_LENGTH = 2000;
const MAX_DEPTH = 32;

function readQuoted(q: string, start: number): { value: string; end: number } {
  let value = "";
  for (let i = start + 1; i < q.length; i++) {
    const c = q[i];
    if (c === "\\" && i + 1 < q.length) value += q[++i];
    else if (c === '"') return { value, end: i + 1 };
    else value += c;
  }
  throw new QuerySyntaxError("Unclosed quote", start);
}

/** Splits a query into words, quoted phrases, comparisons, parentheses and negations. */
function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") tokens.push({ type: c, at: i++ });
    else if (c === '"') {
      const { value, end } = readQuoted(q, i);
      tokens.push({ type: "word", value, quoted: true, at: i });
      i = end;
    } else if (c === "-" && (i === 0 || /[\s(]/.test(q[i - 1] as string)) && /[^\s)]/.test(q[i + 1] ?? " ")) {
      tokens.push({ type: "-", at: i++ });
    } else {
      const afterOp = tokens[tokens.length - 1]?.type === "op";
      const op = afterOp ? undefined : OPERATORS.find((o) => q.startsWith(o, i));
      if (op) {
        tokens.push({ type: "op", value: op, at: i });
        i += op.length;
        continue;
      }
      let value = "";
      const at = i;
      const stop = afterOp ? VALUE_STOP : STOP;
      while (i < q.length && !stop.has(q[i] as string)) {
        if (q[i] === "\\" && i + 1 < q.length) i++;
        value += q[i++];
      }
      tokens.push({ type: "word", value, quoted: false, at });
    }
  }
  return tokens;
}

const FIELD_NAME = /^[A-Za-z_@][\w.@-]*$/;
const KEYWORDS = new Set(["AND", "OR", "NOT"]);

/** A recursive-descent reader over the tokens. */
class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    /** The query's length: where "expected more" errors point. */
    private readonly end: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isKeyword(token: Token | undefined, word: string): boolean {
    return token?.type === "word" && !token.quoted && token.value === word;
  }

  parse(): QueryNode {
    const node = this.or();
    const rest = this.peek();
    if (rest) throw new QuerySyntaxError(rest.type === ")" ? "Unbalanced ')'" : "Unexpected input", rest.at);
    return node;
  }

  private or(): QueryNode {
    const first = this.and();
    const children = [first];
    while (this.isKeyword(this.peek(), "OR")) {
      this.i++;
      children.push(this.and());
    }
    return children.length === 1 ? first : { kind: "or", children, at: first.at };
  }

  private and(): QueryNode {
    const first = this.unary();
    const children = [first];
    for (;;) {
      const next = this.peek();
      if (!next || next.type === ")" || this.isKeyword(next, "OR")) break;
      if (this.isKeyword(next, "AND")) this.i++;
      children.push(this.unary());
    }
    return children.length === 1 ? first : { kind: "and", children, at: first.at };
  }

  private unary(): QueryNode {
    const token = this.peek();
    if (!token) throw new QuerySyntaxError("Expected a term", this.end);
    if (token.type === "-" || this.isKeyword(token, "NOT")) {
      this.i++;
      return { kind: "not", child: this.nested(() => this.unary()), at: token.at };
    }
    if (token.type === "(") {
      this.i++;
      const inner = this.nested(() => this.or());
      if (this.peek()?.type !== ")") throw new QuerySyntaxError("Missing ')'", token.at);
      this.i++;
      return inner;
    }
    return this.term();
  }

  private term(): QueryNode {
    const token = this.peek() as Token;
    if (token.type !== "word") throw new QuerySyntaxError(`Unexpected '${tokenText(token)}'`, token.at);
    if (!token.quoted && KEYWORDS.has(token.value))
      throw new QuerySyntaxError(`Expected a term before ${token.value}`, token.at);
    this.i++;
    const op = this.peek();
    if (op?.type !== "op") return { kind: "text", value: token.value, quoted: token.quoted, at: token.at };
    if (token.quoted || !FIELD_NAME.test(token.value))
      throw new QuerySyntaxError("Not a field name", token.at);
    this.i++;
    const value = this.peek();
    if (value?.type !== "word") throw new QuerySyntaxError(`Expected a value after '${op.value}'`, op.at);
    this.i++;
    return {
      kind: "field",
      field: token.value,
      op: op.value,
      value: value.value,
      quoted: value.quoted,
      at: token.at,
    };
  }

  private nested(read: () => QueryNode): QueryNode {
    if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError("Too deeply nested", this.peek()?.at ?? 0);
    try {
      return read();
    } finally {
      this.depth--;
    }
  }
}

function tokenText(token: Token): string {
  return token.type === "word" || token.type === "op" ? token.value : token.type;
}

/** Parses a query; throws `QuerySyntaxError` with the position of the first problem. */
export function parseQuery(q: string): QueryNode {
  if (q.length > MAX_QUERY_LENGTH)
    throw new QuerySyntaxError(`Longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const tokens = tokenize(q);
  if (!tokens.length) throw new QuerySyntaxError("Empty query", 0);
  return new Parser(tokens, q.length).parse();
}
