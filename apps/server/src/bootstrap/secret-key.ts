import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.ts";
import type { Database } from "../platform/db/database.ts";

/**
 * The JWT signing key: `VIGIE_SECRET_KEY` when set; otherwise generated once per install and kept in
 * the data directory (embedded) or in the shared database (scaled, so every node signs alike).
 */
export async function resolveSecretKey(config: Config, db: Database): Promise<string> {
  if (config.VIGIE_SECRET_KEY) return config.VIGIE_SECRET_KEY;
  const generated = randomBytes(48).toString("base64url");
  if (db.mode === "postgres") {
    await db.pool.query(
      "INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING",
      [generated],
    );
    const { rows } = await db.pool.query<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'jwt_secret'",
    );
    return rows[0]!.value;
  }
  const file = path.join(config.dataDir, "secret.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, generated, { mode: 0o600, flag: "wx" });
  return generated;
}
