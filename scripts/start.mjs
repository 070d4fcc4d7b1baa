// `npm start`: builds what is missing (the web console), then runs every role of Vigie in one process.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
