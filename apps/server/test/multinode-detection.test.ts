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
import { eventually } from "./support/detection.ts";

const DETECT = { VIGIE_ROLES: "api,ingest,detect", VIGIE_RATE_LIMIT_API: "0" };
type Alert = { id: string; group_value: string; occurrences: number; matched_event_count: number };

// Detection on two nodes needs a shared PostgreSQL and Redis: without TEST_DATABASE_URL and TEST_REDIS_URL this suite is skipped.
describe.skipIf(clusterUnavailable)(
  "detection on two nodes sharing PostgreSQL and Redis (skipped: set TEST_DATABASE_URL and TEST_REDIS_URL)",
  () => {
    const prefix = clusterPrefix();
    let db: Awaited<ReturnType<typeof sharedDatabase>>;
    let a: ClusterNode;
    let b: ClusterNode;
    let token: string;
    let redis: Redis;
    const cleanup: (() => unknown)[] = [];

    const call = async <T>(baseUrl: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: body ? "POST" : "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const ingestOn = async (baseUrl: string, events: Record<string, unknown>[]): Promise<string[]> => {
      const res = await fetch(`${baseUrl}/api/v1/logs/ingest/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { ids: string[] }).ids;
    };
    const probe = (event_type: string, source_ip: string) => ({ source_type: "auth", event_type, source_ip });
    /** Creates a threshold rule through node A and waits until both engines evaluate it. */
    const createRule = async (event_type: string, threshold: number) => {
      const before = [a.ctx.engine.ruleCount, b.ctx.engine.ruleCount];
      const rule = await call<{ id: string }>(a.baseUrl, "/api/v1/rules", {
        name: `Multinode ${event_type}`,
        rule_type: "threshold",
        severity: "high",
        cooldown_seconds: 300,
        conditions: { event_filter: { event_type }, threshold, window_seconds: 600, group_by: "source_ip" },
      });
      await eventually(
        async () => a.ctx.engine.ruleCount > before[0]! && b.ctx.engine.ruleCount > before[1]!,
      );
      return rule;
    };
    /** Waits until detection has read and acknowledged every published batch, and both engines are done. */
    const settled = async () => {
      const stream = `${prefix}:bus:events.ingested`;
      await eventually(async () => {
        const [pending] = (await redis.xpending(stream, "detection")) as [number];
        const last = fields(await redis.xinfo("STREAM", stream))["last-generated-id"];
        const groups = (await redis.xinfo("GROUPS", stream)) as unknown[];
        const group = groups.map(fields).find((candidate) => candidate.name === "detection");
        return pending === 0 && group?.["last-delivered-id"] === last;
      }, 15_000);
      await Promise.all([a.ctx.engine.idle(), b.ctx.engine.idle()]);
    };
    const alertsOf = async (ruleId: string): Promise<Alert[]> =>
      (await call<{ items: Alert[] }>(a.baseUrl, `/api/v1/alerts?rule_id=${ruleId}&per_page=100`)).items;

    beforeAll(async () => {
      db = await sharedDatabase();
      a = await startNode(db.url, prefix, DETECT);
      // B takes over entries a dead node left unacknowledged after 1 s instead of 30 s.
      const fastClaim = new RedisBus({
        url: process.env.TEST_REDIS_URL!,
        prefix,
        claimIdleMs: 1_000,
        blockMs: 500,
      });
      b = await startNode(db.url, prefix, DETECT, { bus: fastClaim });
      redis = new Redis(process.env.TEST_REDIS_URL!);
      token = await a.ctx.auth.issue((await a.ctx.users.findByUsername("admin"))!);
    });
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step();
      await a?.close();
      await b?.close();
      await db?.drop();
      if (!redis) return;
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it("fires a threshold rule whose events are split across both nodes exactly once", async () => {
      const rule = await createRule("mn_split", 10);
      const evaluated = [a.ctx.engine.stats.events, b.ctx.engine.stats.events];
      // Twenty one-event batches at once, half through each node: both engines evaluate some, concurrently.
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          ingestOn((index % 2 ? a : b).baseUrl, [probe("mn_split", "10.77.0.1")]),
        ),
      );
      await settled();
      expect(a.ctx.engine.stats.events).toBeGreaterThan(evaluated[0]!);
      expect(b.ctx.engine.stats.events).toBeGreaterThan(evaluated[1]!);
      const alerts = await alertsOf(rule.id);
      expect(alerts).toHaveLength(1);
      // A second firing would have merged into the open alert (two occurrences, counts added up). The one
      // firing holds at least the threshold: an event recorded on the other node just before it may be in.
      expect(alerts[0]).toMatchObject({ group_value: "10.77.0.1", occurrences: 1 });
      expect(alerts[0]!.matched_event_count).toBeGreaterThanOrEqual(10);
      expect(alerts[0]!.matched_event_count).toBeLessThanOrEqual(20);
      const stored = await call<{ trigger_count: number }>(a.baseUrl, `/api/v1/rules/${rule.id}`);
      expect(stored.trigger_count).toBe(1);
    });

    it("fires a first-seen rule once for a value both nodes see at once (docs/adr/0029)", async () => {
      const before = [a.ctx.engine.ruleCount, b.ctx.engine.ruleCount];
      const rule = await call<{ id: string }>(a.baseUrl, "/api/v1/rules", {
        name: "Multinode first seen",
        rule_type: "first_seen",
        severity: "medium",
        conditions: {
          event_filter: { event_type: "mn_vpn" },
          fields: ["normalized.source_country"],
          group_by: "username",
          history_days: 30,
          learning_days: 0,
        },
      });
      await eventually(
        async () => a.ctx.engine.ruleCount > before[0]! && b.ctx.engine.ruleCount > before[1]!,
      );
      const logon = {
        source_type: "firewall",
        event_type: "mn_vpn",
        username: "mnuser",
        source_ip: "5.255.255.5",
      };
      const evaluated = [a.ctx.engine.stats.events, b.ctx.engine.stats.events];
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => ingestOn((index % 2 ? a : b).baseUrl, [logon])),
      );
      await settled();
      // Both engines noted the value (the Redis script tells one of them it is new).
      expect(a.ctx.engine.stats.events).toBeGreaterThan(evaluated[0]!);
      expect(b.ctx.engine.stats.events).toBeGreaterThan(evaluated[1]!);
      const alerts = await alertsOf(rule.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ group_value: "mnuser / RU", occurrences: 1, matched_event_count: 1 });
    });

    it("after kill -9 of a node, the other keeps ingesting and detecting and handles the dead node's pending batches", async () => {
      const rule = await createRule("mn_kill", 2);
      const dead = await spawnStalledNode(db.url, prefix);
      cleanup.push(() => dead.child.kill("SIGKILL"));
      // Pairs of events for a fresh address, through the doomed node, until its detection holds one.
      let heldIp = "";
      for (let pair = 1; !heldIp; pair++) {
        if (pair > 20) throw new Error("the doomed node never took a batch");
        const ip = `10.88.0.${pair}`;
        const ids = await ingestOn(dead.baseUrl, [probe("mn_kill", ip), probe("mn_kill", ip)]);
        await eventually(async () => {
          if (dead.output().includes(ids[0]!)) heldIp = ip;
          return heldIp || (await alertsOf(rule.id)).some((alert) => alert.group_value === ip);
        }, 10_000);
      }
      dead.child.kill("SIGKILL");
      await new Promise((resolve) => dead.child.once("exit", resolve));

      const afterDeath = await ingestOn(b.baseUrl, [
        probe("mn_kill", "10.88.1.1"),
        probe("mn_kill", "10.88.1.1"),
      ]);
      expect(afterDeath).toHaveLength(2);
      const alerts = await eventually(async () => {
        const found = await alertsOf(rule.id);
        const ips = new Set(found.map((alert) => alert.group_value));
        return ips.has(heldIp) && ips.has("10.88.1.1") ? found : null;
      }, 15_000);
      for (const alert of alerts) expect(alert).toMatchObject({ occurrences: 1, matched_event_count: 2 });
      expect(new Set(alerts.map((alert) => alert.group_value)).size).toBe(alerts.length);
      await settled();
    });
  },
);

/** A Redis reply of alternating names and values, as an object. */
function fields(reply: unknown): Record<string, unknown> {
  const list = reply as unknown[];
  const out: Record<string, unknown> = {};
  for (let index = 0; index + 1 < list.length; index += 2) out[String(list[index])] = list[index + 1];
  return out;
}

/** Starts `support/stalled-detect-node.ts` and waits until it listens. */
async function spawnStalledNode(databaseUrl: string, prefix: string) {
  const script = fileURLToPath(new URL("./support/stalled-detect-node.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, databaseUrl, prefix], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => {
    output += chunk.toString();
  });
  const ready = await eventually(async () => /ready (\S+)/.exec(output), 30_000);
  return { child, baseUrl: ready[1]!, output: () => output };
}
