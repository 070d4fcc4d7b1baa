import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A TCP port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Who the private servers run as: PostgreSQL refuses to run as root, so a root test run hands them to
 * the `postgres` account; anyone else runs them as themselves.
 */
export function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** A temporary folder the server account may write in; removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const account = serverAccount();
  if (account) chownSync(dir, account.uid, account.gid);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Spawns a server binary as the server account, its output kept for error messages. */
export function spawnServer(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const account = serverAccount();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...account, ...options });
  const output: string[] = [];
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  (child as ChildProcess & { output: string[] }).output = output;
  return child;
}

/** Runs a server tool to completion (initdb, pg_ctl) as the server account; rejects with its output. */
export function runTool(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnServer(command, args);
    const output = (child as ChildProcess & { output: string[] }).output;
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(output.join(""))
        : reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${output.join("")}`)),
    );
  });
}

/** Polls until `check` resolves true (a check that throws counts as false); rejects after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Whether a process with this pid is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
