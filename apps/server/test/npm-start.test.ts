import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/health never answered`);
}

/** `npm start` as a newcomer runs it (embedded storage, its own data folder and port). */
function npmStart(port: number, dataDir: string): ChildProcess {
  return spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      VIGIE_DATA_DIR: dataDir,
      // The console is not what this test is about: no build of it.
      VIGIE_WEB_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
}

describe("npm start", () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  // Ctrl-C in a terminal reaches npm; SIGTERM takes the same path (main.ts stops gracefully on both).
  it("runs the compiled server and stops on SIGINT sent to npm itself", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-npm-start-"));
    dirs.push(dataDir);
    const port = await freePort();
    const child = npmStart(port, dataDir);
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await healthy(`http://127.0.0.1:${port}`, 120_000);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe("healthy");
    child.kill("SIGINT");
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve("still running"), 20_000)),
    ]);
    expect(code).not.toBe("still running");
    // Nothing is left listening: the server itself stopped, not only npm.
    expect(
      await fetch(`http://127.0.0.1:${port}/health`).then(
        () => "answered",
        () => "closed",
      ),
    ).toBe("closed");
  }, 180_000);
});
