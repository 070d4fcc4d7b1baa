import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import { freePort, scratchDir, spawnServer, waitFor } from "./processes.ts";

/** A Redis server of the fault suite's own, without persistence: a restart always comes back empty. */
export interface PrivateRedis {
  url: string;
  port: number;
  pid(): number | null;
  /** SIGKILL to the server; clients see their connections reset. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port; resolves when it answers PING. */
  start(): Promise<void>;
  /** `CLIENT KILL TYPE normal`: every ordinary client connection is cut, the server stays up. */
  killClients(): Promise<number>;
  /** Kills the server and removes its folder. */
  close(): Promise<void>;
}

/** Starts `redis-server` on a free port (no RDB, no AOF) in a temporary folder. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const scratch = scratchDir("vigie-faults-redis-");
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}/0`;
  let server: ChildProcess | null = null;
  const admin = () =>
    new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const ping = async () => {
    const redis = admin();
    redis.on("error", () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === "PONG";
    } finally {
      redis.disconnect();
    }
  };
  const start = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    server = spawnServer("redis-server", [...args, "--dir", scratch.dir]);
    await waitFor("private Redis answers PING", ping);
  };
  const kill = async () => {
    const child = server;
    if (!child?.pid) return;
    server = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    process.kill(child.pid, "SIGKILL");
    await exited;
  };
  await start();
  return {
    url,
    port,
    pid: () => server?.pid ?? null,
    kill,
    start,
    async killClients() {
      const redis = admin();
      try {
        return Number(await redis.client("KILL", "TYPE", "normal"));
      } finally {
        redis.disconnect();
      }
    },
    async close() {
      await kill();
      scratch.remove();
    },
  };
}
