import type { LogEvent } from "@vigie/contracts";
import { afterEach, describe, expect, it } from "vitest";
import type { Bus } from "./bus.ts";

/** A bus adapter under test: each call to `nodes` makes buses on a fresh, shared namespace. */
export interface BusBackend {
  nodes(count: number, onError: (topic: string, error: unknown) => void): Promise<Bus[]>;
}

/** Polls until the check passes (or fails the test after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets messages that should not arrive have their chance to. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scenario control message numbered `n`, the smallest payload of the typed map. */
export const control = (n: number) => ({ run_id: `run-${n}`, action: "speed" as const, speed: n });

/** The contract every bus adapter keeps, run against each one. */
export function runBusSuite(name: string, backend: () => BusBackend): void {
  describe(`bus contract: ${name}`, () => {
    const open: Bus[] = [];
    const errors: unknown[] = [];
    const node = async () => {
      const [bus] = await backend().nodes(1, (_topic, error) => errors.push(error));
      open.push(bus!);
      return bus!;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
      errors.length = 0;
    });

    it("delivers each message to every subscriber of its topic, in order", async () => {
      const bus = await node();
      const first: number[] = [];
      const second: number[] = [];
      bus.subscribe("scenario.control", (m) => void first.push(m.speed!));
      bus.subscribe("scenario.control", (m) => void second.push(m.speed!));
      for (const n of [1, 2, 3]) await bus.publish("scenario.control", control(n));
      await until(() => first.length === 3 && second.length === 3);
      expect(first).toEqual([1, 2, 3]);
      expect(second).toEqual([1, 2, 3]);
    });

    it("carries the payload intact and keeps topics apart", async () => {
      const bus = await node();
      const events: LogEvent[][] = [];
      const controls: unknown[] = [];
      bus.subscribe("events.ingested", (m) => void events.push(m.events));
      bus.subscribe("scenario.control", (m) => void controls.push(m));
      const event = {
        id: "e1",
        site_id: "AUDIO_001",
        raw: { nested: [1, "é", null] },
      } as unknown as LogEvent;
      await bus.publish("events.ingested", { events: [event] });
      await until(() => events.length === 1);
      await settle(100);
      expect(events).toEqual([[event]]);
      expect(controls).toEqual([]);
    });

    it("stops delivering to a handler once unsubscribed", async () => {
      const bus = await node();
      const seen: number[] = [];
      const stop = bus.subscribe("scenario.control", (m) => void seen.push(m.speed!));
      await bus.publish("scenario.control", control(1));
      await until(() => seen.length === 1);
      stop();
      await bus.publish("scenario.control", control(2));
      await settle();
      expect(seen).toEqual([1]);
    });

    it("reports a failing subscriber and keeps delivering to it and the others", async () => {
      const bus = await node();
      const seen: number[] = [];
      bus.subscribe("scenario.control", () => {
        throw new Error("sync failure");
      });
      bus.subscribe("scenario.control", async () => Promise.reject(new Error("async failure")));
      bus.subscribe("scenario.control", (m) => void seen.push(m.speed!));
      await bus.publish("scenario.control", control(1));
      await bus.publish("scenario.control", control(2));
      await until(() => seen.length === 2 && errors.length === 4);
      expect(errors.map((e) => (e as Error).message).sort()).toEqual([
        "async failure",
        "async failure",
        "sync failure",
        "sync failure",
      ]);
    });

    it("hands each message to a group's consumer once, in order; another group gets its own copy", async () => {
      const bus = await node();
      const detect: number[] = [];
      const audit: number[] = [];
      bus.consume("scenario.control", "detect", async (m) => void detect.push(m.speed!));
      bus.consume("scenario.control", "audit", async (m) => void audit.push(m.speed!));
      for (const n of [1, 2, 3, 4]) await bus.publish("scenario.control", control(n));
      await until(() => detect.length >= 4 && audit.length >= 4);
      await settle();
      expect(detect).toEqual([1, 2, 3, 4]);
      expect(audit).toEqual([1, 2, 3, 4]);
    });

    it("keeps consuming after a handler fails, and reports the failure", async () => {
      const bus = await node();
      const seen: number[] = [];
      bus.consume("scenario.control", "detect", async (m) => {
        if (m.speed === 1) throw new Error("poison");
        seen.push(m.speed!);
      });
      for (const n of [1, 2]) await bus.publish("scenario.control", control(n));
      await until(() => seen.length === 1 && errors.length === 1);
      expect((errors[0] as Error).message).toBe("poison");
    });

    it("reports itself up while it can carry messages", async () => {
      const bus = await node();
      expect(await bus.health()).toMatchObject({ status: "up" });
    });

    it("delivers nothing more once closed, whoever publishes", async () => {
      const [publisher, closing] = await backend().nodes(2, (_t, e) => errors.push(e));
      open.push(publisher!);
      const seen: number[] = [];
      closing!.subscribe("scenario.control", (m) => void seen.push(m.speed!));
      closing!.consume("scenario.control", "detect", async (m) => void seen.push(m.speed!));
      await closing!.close();
      await closing!.publish("scenario.control", control(1));
      await publisher!.publish("scenario.control", control(2));
      await settle();
      expect(seen).toEqual([]);
    });
  });
}
