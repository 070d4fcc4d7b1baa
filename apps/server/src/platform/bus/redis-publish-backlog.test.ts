import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { until } from "./bus.suite.ts";
import { PublishBacklog } from "./redis-publish-backlog.ts";

/** A publishing connection whose state the test sets, and what reached "Redis" through it. */
function fakeConnection() {
  const connection = Object.assign(new EventEmitter(), { status: "ready" });
  const appended: string[] = [];
  let failing = false;
  const append = async (_key: string, json: string) => {
    if (failing || connection.status !== "ready") throw new Error("Connection is closed.");
    appended.push(json);
  };
  const goDown = () => {
    connection.status = "reconnecting";
    failing = true;
  };
  const comeBack = () => {
    connection.status = "ready";
    failing = false;
    connection.emit("ready");
  };
  return { redis: connection as unknown as Redis, appended, append, goDown, comeBack };
}

describe("PublishBacklog", () => {
  it("does not wait for an unreachable Redis and publishes what waited, in order, once it is back", async () => {
    const link = fakeConnection();
    const errors: unknown[] = [];
    const backlog = new PublishBacklog(link.redis, link.append, (_k, e) => errors.push(e));
    await backlog.publish("k", "1");
    link.goDown();
    await backlog.publish("k", "2");
    await backlog.publish("k", "3");
    expect(backlog.size).toBe(2);
    link.comeBack();
    await backlog.publish("k", "4");
    await until(() => link.appended.length === 4);
    expect(link.appended).toEqual(["1", "2", "3", "4"]);
    backlog.close();
  });

  it("keeps a message whose append failed and sends it on the next ready", async () => {
    const link = fakeConnection();
    const backlog = new PublishBacklog(link.redis, link.append, () => undefined);
    link.goDown();
    link.redis.status = "ready" as never; // Looks ready, but the append fails (the link died meanwhile).
    await backlog.publish("k", "lost?");
    expect(backlog.size).toBe(1);
    link.comeBack();
    await until(() => link.appended.length === 1);
    expect(link.appended).toEqual(["lost?"]);
    backlog.close();
  });

  it("reports, not queues, a publish once closed", async () => {
    const link = fakeConnection();
    const errors: unknown[] = [];
    const backlog = new PublishBacklog(link.redis, link.append, (_k, e) => errors.push(e));
    backlog.close();
    await backlog.publish("k", "late");
    expect(backlog.size).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
