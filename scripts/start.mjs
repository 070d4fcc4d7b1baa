// `npm start`: builds what is missing (the web console), then runs every role of Vigie in this process.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webDist = path.join(root, "apps/web/dist/index.html");
const webConfig = path.join(root, "apps/web/vite.config.ts");

if (!existsSync(webDist) && existsSync(webConfig)) {
  console.log("Building the web console (first start only)…");
  const build = spawnSync("npm", ["run", "build", "-w", "@vigie/web"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("The web console failed to build; starting the API without it.");
  }
}

// The server runs in this very process (no child, no shell): Ctrl-C or a SIGTERM sent to `npm start`
// or to this node reaches main.ts's graceful stop directly.
const { register } = await import("tsx/esm/api");
register();
await import(pathToFileURL(path.join(root, "apps/server/src/main.ts")).href);
