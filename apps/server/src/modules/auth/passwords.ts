import { hash, type Options, verify } from "@node-rs/argon2";

/** Argon2id parameters (OWASP's recommendation); a stored hash with other parameters is upgraded at login. */
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with Argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verified when the user does not exist, so an unknown username costs the same time as a wrong password.
const dummyHash = hashPassword("vigie-dummy-password-for-timing");

/** Checks a password against a stored hash, or against a dummy hash when there is no user. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(storedHash ?? (await dummyHash), password);
    return storedHash !== null && ok;
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's (so it should be rehashed). */
export function needsRehash(storedHash: string): boolean {
  const { memoryCost, timeCost, parallelism } = ARGON2_OPTIONS;
  return !storedHash.startsWith(`$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`);
}
