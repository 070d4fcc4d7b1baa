import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import type { BenchServer } from "./server.ts";

/** SigmaHQ's rules as shipped in ../shared/data (VIGIE_SHARED_DATA overrides the data folder). */
export const SIGMA_RULES = path.join(
  process.env.VIGIE_SHARED_DATA ?? path.resolve(import.meta.dirname, "../../../shared/data"),
  "sigma/rules",
);

/** The bench servers' admin password (`startBenchServer`). */
const ADMIN_PASSWORD = "bench-admin-password";

/** Signs the bench server's first admin in and returns the bearer token. */
export async function adminToken(server: Pick<BenchServer, "url">): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  return ((await login.json()) as { access_token: string }).access_token;
}

/**
 * Imports every SigmaHQ rule of the given folders of `sigma/rules` (windows, linux, …) into a bench server
 * through `POST /api/v1/rules/sigma` as one zip, as an admin would; returns how many are enabled (created
 * with a matching source).
 */
export async function importSigmaRules(server: BenchServer, folders: readonly string[]) {
  const files: Record<string, Uint8Array> = {};
  for (const folder of folders) {
    for (const name of readdirSync(path.join(SIGMA_RULES, folder), { recursive: true, encoding: "utf8" }))
      if (name.endsWith(".yml"))
        files[path.join(folder, name)] = readFileSync(path.join(SIGMA_RULES, folder, name));
  }
  const access_token = await adminToken(server);
  const res = await fetch(`${server.url}/api/v1/rules/sigma`, {
    method: "POST",
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/zip" },
    body: zipSync(files),
  });
  if (!res.ok) throw new Error(`Sigma import failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  const { created, no_matching_source, skipped } = (await res.json()) as Record<string, number>;
  return { files: Object.keys(files).length, created, enabled: created! - no_matching_source!, skipped };
}
