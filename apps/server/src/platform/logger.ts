import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The process logger (JSON lines on stdout, or on `destination`); tokens and passwords are redacted,
 * errors logged without their data.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "access_token",
        "req.headers.authorization",
        'req.headers["x-vigie-token"]',
      ],
      censor: "[redacted]",
    },
    serializers: { err: loggableError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Fields of an error (and of PostgreSQL's) that say what failed without carrying any value of a row. */
const SAFE_FIELDS = ["code", "constraint", "table", "column", "schema", "routine", "severity", "query"];
/** drizzle appends the statement's parameters to its message (`Failed query: …\nparams: …`). */
const PARAMS_SUFFIX = /\nparams: [\s\S]*?(?=\n {4}at |$)/;
const MAX_CAUSES = 4;

/**
 * An error as logged: type, message, stack, its causes and the fields above, never a statement's
 * parameters (drizzle's message and `params`) nor PostgreSQL's `detail`, which quote the row's values,
 * such as the hash of an ingest token or a password.
 */
export function loggableError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? "Error",
    message: error.message.replace(PARAMS_SUFFIX, ""),
    stack: error.stack?.replace(PARAMS_SUFFIX, ""),
  };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) if (fields[field] !== undefined) out[field] = fields[field];
  if (error.cause !== undefined && depth < MAX_CAUSES) out.cause = loggableError(error.cause, depth + 1);
  return out;
}
