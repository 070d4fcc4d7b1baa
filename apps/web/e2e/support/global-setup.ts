import type { TestProject } from "vitest/node";
import { startVigie } from "./server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    vigieUrl: string;
  }
}

/** Starts one Vigie server (embedded storage, temp dir) for every browser test file, and stops it after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every test signs in from 127.0.0.1: the sign-in limit (10/min per IP, tested by the server suite) is lifted.
  const server = await startVigie({ VIGIE_RATE_LIMIT_AUTH: "0" });
  project.provide("vigieUrl", server.url);
  return async () => {
    await server.stop();
  };
}
