import { describe, expect, it } from "vitest";
import { createLogger, loggableError } from "./logger.ts";

const TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/** What drizzle throws when a statement fails: the SQL, then its parameters, in the message. */
class FakeDrizzleQueryError extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    cause: unknown,
  ) {
    super(`Failed query: ${query}\nparams: ${params}`);
    this.cause = cause;
  }
}

const failure = () => {
  const cause = Object.assign(new Error(`duplicate key value violates unique constraint`), {
    code: "23505",
    constraint: "ingest_tokens_token_hash_key",
    detail: `Key (token_hash)=(${TOKEN_HASH}) already exists.`,
  });
  return new FakeDrizzleQueryError(
    'select "id" from "ingest_tokens" where "token_hash" = $1',
    [TOKEN_HASH],
    cause,
  );
};

describe("loggableError", () => {
  it("keeps what failed and drops the statement's parameters and the row's values", () => {
    const logged = loggableError(failure()) as Record<string, unknown>;
    expect(logged.message).toBe('Failed query: select "id" from "ingest_tokens" where "token_hash" = $1');
    expect(logged.query).toContain("token_hash");
    expect(logged.cause).toMatchObject({ code: "23505", constraint: "ingest_tokens_token_hash_key" });
    expect(JSON.stringify(logged)).not.toContain(TOKEN_HASH);
  });

  it("is how the application's logger writes an err", () => {
    const lines: string[] = [];
    const logger = createLogger("error", { write: (line: string) => void lines.push(line) });
    logger.error({ err: failure() }, "request failed");
    expect(lines.join("")).toContain("ingest_tokens_token_hash_key");
    expect(lines.join("")).not.toContain(TOKEN_HASH);
  });
});
