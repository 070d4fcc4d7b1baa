import type { TestProject } from "vitest/node";
import { startVigie, type VigieServer } from "./server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** One server per worker: a file uses the one of the worker it runs in (`VITEST_POOL_ID`). */
    vigieUrls: string[];
  }
}

/**
 * Starts one Vigie server (embedded storage, temp dir) per worker, and stops them after. Files of one
 * worker run one after another on its server, as they did on a single server, while two workers run
 * side by side: a file never shares its server with a file running at the same time.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workers = Math.max(1, project.config.maxWorkers);
  // Every test signs in from 127.0.0.1: the sign-in limit (10/min per IP, tested by the server suite) is lifted.
  const servers: VigieServer[] = await Promise.all(
    Array.from({ length: workers }, () => startVigie({ VIGIE_RATE_LIMIT_AUTH: "0" })),
  );
  project.provide(
    "vigieUrls",
    servers.map((server) => server.url),
  );
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
}
