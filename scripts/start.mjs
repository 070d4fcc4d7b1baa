// `npm start`: builds what is missing or stale (the web console, the server bundle), then runs every
// role of Vigie in this process, from compiled JavaScript.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildServer, SERVER_BUNDLE } from "./build-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webDist = path.join(root, "apps/web/dist/index.html");
const webConfig = path.join(root, "apps/web/vite.config.ts");

// VIGIE_WEB_DIR: the console is served from elsewhere, nothing to build here.
if (!process.env.VIGIE_WEB_DIR && !existsSync(webDist) && existsSync(webConfig)) {
  console.log("Building the web console (first start only)…");
  const build = spawnSync("npm", ["run", "build", "-w", "@vigie/web"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("The web console failed to build; starting the API without it.");
  }
}

/** The newest modification time of the server's sources (its own and the workspace packages'). */
function newestSource() {
  let newest = 0;
  for (const dir of ["apps/server/src", "packages"]) {
    for (const name of readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
      if (name.includes("node_modules") || !/\.(ts|json)$/.test(name)) continue;
      newest = Math.max(newest, statSync(path.join(root, dir, name)).mtimeMs);
    }
  }
  return newest;
}

if (!existsSync(SERVER_BUNDLE) || statSync(SERVER_BUNDLE).mtimeMs < newestSource()) {
  console.log("Compiling the server…");
  await buildServer();
}

// The server runs in this very process (no child, no shell): Ctrl-C or a SIGTERM sent to `npm start`
// or to this node reaches main.ts's graceful stop directly. Stack traces point into the TypeScript.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_BUNDLE).href);
