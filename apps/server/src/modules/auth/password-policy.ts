import { readFileSync } from "node:fs";
import type { ErrorDetail } from "../../http/errors.ts";
import { serverPath } from "../../platform/paths.ts";

/** Shortest password accepted (CONTRACT §4.1). */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted: Argon2 takes any length, this only bounds the work per request. */
export const MAX_PASSWORD_LENGTH = 256;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(serverPath("src/modules/auth/common-passwords.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith("#")),
);

/** Whether a password is on the shipped list of common passwords (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/**
 * Why a new password is refused, as ValidationError details under `field`, or an empty list when it
 * is acceptable: long enough, printable, not blank, not common, not the username.
 */
export function passwordProblems(
  password: string,
  username: string | null,
  field = "password",
): ErrorDetail[] {
  const problem = (message: string, type: string) => [{ field, message, type }];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return problem(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`, "too_small");
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return problem(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`, "too_big");
  }
  // Control characters cannot be typed back at a login form (and NUL cuts strings in other tools).
  if (/\p{Cc}/u.test(password))
    return problem("Password must not contain control characters", "control_characters");
  if (!password.trim()) return problem("Password must not be only spaces", "blank");
  if (isCommonPassword(password))
    return problem("This password is too common; choose another", "common_password");
  if (username && password.toLowerCase() === username.toLowerCase()) {
    return problem("Password must not be the username", "same_as_username");
  }
  return [];
}
