import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisBus } from "../src/platform/bus/redis-bus.ts";
import { INGEST_TOKEN } from "./support/app.ts";
import {
  type ClusterNode,
  clusterPrefix,
  clusterUnavailable,
  sharedDatabase,
  startNode,
} from "./support/cluster.ts";
import { connectSocket, openSse, until } from "./support/live-clients.ts";

// Two nodes need a shared PostgreSQL and Redis: without TEST_DATABASE_URL and TEST_REDIS_URL this suite is skipped.
describe.skipIf(clusterUnavailable)(
  "two nodes on one PostgreSQL and one Redis (skipped: set TEST_DATABASE_URL and TEST_REDIS_URL)",
  () => {
    const prefix = clusterPrefix();
    let db: Awaited<ReturnType<typeof sharedDatabase>>;
    let a: ClusterNode;
    let b: ClusterNode;
    let token: string;
    const cleanup: (() => unknown)[] = [];

    const ingestOn = async (node: ClusterNode, events: Record<string, unknown>[]) => {
      const res = await fetch(`${node.baseUrl}/api/v1/logs/ingest/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { ids: string[] }).ids;
    };

    beforeAll(async () => {
      db = await sharedDatabase();
      a = await startNode(db.url, prefix);
      b = await startNode(db.url, prefix);
      const admin = await a.ctx.users.findByUsername("admin");
      token = await a.ctx.auth.issue(admin!);
    });
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step();
      await a?.close();
      await b?.close();
      await db?.drop();
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it("delivers an event ingested on node A to SSE and Socket.IO clients of node B", async () => {
      const sse = await openSse(`${b.baseUrl}/api/v1/logs/stream?token=${token}`);
      cleanup.push(() => sse.close());
      const socket = await connectSocket(b.baseUrl, token);
      cleanup.push(() => socket.close());
      const [id] = await ingestOn(a, [
        { source_type: "auth", event_type: "login_failure", site_id: "AUDIO_011" },
      ]);
      await sse.waitFor((s) => s.events.some((e) => e.id === id));
      await until(() => socket.of("new_event").some((e) => (e as { id: string }).id === id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Each node emits what it receives from the bus to its own clients only: exactly one copy.
      expect(sse.events.filter((e) => e.id === id)).toHaveLength(1);
      expect(socket.of("new_event").filter((e) => (e as { id: string }).id === id)).toHaveLength(1);
    });

    it("lets a client resume on node B from an id it was given by node A", async () => {
      const first = await openSse(`${a.baseUrl}/api/v1/logs/stream?token=${token}`);
      const ids = await ingestOn(a, [{ source_type: "dns" }, { source_type: "dns" }]);
      await first.waitFor((s) => s.events.some((e) => e.id === ids[1]));
      first.close();
      const missed = await ingestOn(b, [{ source_type: "proxy" }]);
      const resumed = await openSse(`${b.baseUrl}/api/v1/logs/stream?token=${token}`, {
        "last-event-id": ids[0]!,
      });
      cleanup.push(() => resumed.close());
      await resumed.waitFor((s) => s.events.length >= 2);
      expect(resumed.events.map((e) => e.id)).toEqual([ids[1], missed[0]]);
    });

    it("hands each ingested batch to exactly one node of a consumer group", async () => {
      const handled: string[] = [];
      for (const node of [a, b]) {
        cleanup.push(
          node.ctx.bus.consume(
            "events.ingested",
            "multinode-once",
            async ({ events }) => void handled.push(...events.map((e) => e.id)),
          ),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sent: string[] = [];
      for (let i = 0; i < 10; i++)
        sent.push(
          ...(await ingestOn(i % 2 ? a : b, [
            { source_type: "generic" },
            { source_type: "generic" },
            { source_type: "generic" },
          ])),
        );
      await until(() => handled.length >= sent.length);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handled.sort()).toEqual(sent.sort());
    });

    it("after kill -9 of a consumer, its unacknowledged entries are processed by another node", async () => {
      const child: ChildProcess = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          fileURLToPath(new URL("./support/doomed-consumer.ts", import.meta.url)),
          process.env.TEST_REDIS_URL!,
          prefix,
          "multinode-claim",
        ],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      cleanup.push(() => child.kill("SIGKILL"));
      let output = "";
      child.stdout!.on("data", (chunk) => {
        output += chunk.toString();
      });
      await until(() => output.includes("ready"), 20_000);
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      cleanup.push(() => redis.quit());
      const key = `${prefix}:bus:events.ingested`;
      await waitForGroup(redis, key, "multinode-claim");
      const ids = await ingestOn(a, [{ source_type: "endpoint" }, { source_type: "endpoint" }]);
      await until(() => output.includes(ids[0]!), 10_000);
      child.kill("SIGKILL");
      expect(((await redis.xpending(key, "multinode-claim")) as [number])[0]).toBe(1);

      const survivor = new RedisBus({
        url: process.env.TEST_REDIS_URL!,
        prefix,
        claimIdleMs: 500,
        blockMs: 500,
        consumerName: "survivor",
      });
      cleanup.push(() => survivor.close());
      const claimed: string[] = [];
      survivor.consume(
        "events.ingested",
        "multinode-claim",
        async ({ events }) => void claimed.push(...events.map((e) => e.id)),
      );
      await until(() => claimed.length >= 2, 10_000);
      expect(claimed).toEqual(ids);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(((await redis.xpending(key, "multinode-claim")) as [number])[0]).toBe(0);
    });
  },
);

async function waitForGroup(redis: Redis, key: string, group: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const groups = (await redis.xinfo("GROUPS", key).catch(() => [])) as unknown[][];
    if (groups.some((g) => g[1] === group)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`group ${group} never appeared on ${key}`);
}
