import pino, { type Logger } from "pino";

/** The process logger (JSON lines); tokens and passwords are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}
