import path from "node:path";
import { PACK_LEVELS, PACK_STATUSES } from "@vigie/contracts";
import type { BenchServer } from "./server.ts";

/**
 * SigmaHQ's rules as shipped in ../shared/data (VIGIE_SHARED_DATA overrides the data folder): the engine-only
 * bench reads them directly; benches against a server install the copy Vigie ships (`installSigmaPack`).
 */
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
 * Installs the shipped SigmaHQ pack's rules of the given products (windows, linux, network, web), every
 * status and level an install may select, through `POST /api/v1/rule-packs/sigmahq/install` as an admin
 * would; returns how many were selected and created, and how many are enabled (a matching source).
 */
export async function installSigmaPack(server: BenchServer, products: readonly string[]) {
  const access_token = await adminToken(server);
  const res = await fetch(`${server.url}/api/v1/rule-packs/sigmahq/install`, {
    method: "POST",
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ statuses: [...PACK_STATUSES], levels: [...PACK_LEVELS], products }),
  });
  if (!res.ok) throw new Error(`pack install failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  const { selected, created, no_matching_source, skipped } = (await res.json()) as Record<string, number>;
  return { files: selected, created, enabled: created! - no_matching_source!, skipped };
}
