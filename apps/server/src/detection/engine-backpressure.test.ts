import type { LogEvent } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { MemoryBus } from "../platform/bus/memory-bus.ts";
import { systemClock } from "../platform/clock.ts";
import { createLogger } from "../platform/logger.ts";
import { DetectionEngine } from "./engine.ts";
import { MemoryWindowStore } from "./state/memory-store.ts";
import { makeEvent } from "./test-support.ts";

/** An engine whose start-up waits for `open()`, so that received batches queue meanwhile. */
function gatedEngine() {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const bus = new MemoryBus();
  const engine = new DetectionEngine({
    bus,
    rules: {
      listEnabled: async () => ({ rules: [], reload_at: null }),
      disableForError: async () => undefined,
    },
    alerts: { prepare: () => gate, commitEvaluation: async () => [] },
    store: new MemoryWindowStore(),
    async *history() {},
    async *pending() {},
    clock: systemClock,
    logger: createLogger("silent"),
  });
  const publish = (count: number) =>
    bus.publish("events.ingested", {
      events: Array.from({ length: count }, (_, i) => makeEvent(i) as unknown as LogEvent),
    });
  return { engine, publish, open };
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe("detection backpressure on ingest", () => {
  it("lets ingest through at once while the engine keeps up", async () => {
    const { engine, open } = gatedEngine();
    open();
    await engine.start();
    expect(await settled(engine.whenQueuedAtMost(100, 10_000))).toBe(true);
    await engine.stop();
  });

  it("holds ingest while more events than the limit wait, and lets it go once they are evaluated", async () => {
    const { engine, publish, open } = gatedEngine();
    const started = engine.start();
    await publish(300);
    await new Promise((r) => setTimeout(r, 10));
    expect(engine.queued).toBe(300);
    const waiting = engine.whenQueuedAtMost(100, 10_000);
    expect(await settled(waiting)).toBe(false);
    open();
    await started;
    expect(await settled(waiting)).toBe(true);
    expect(engine.queued).toBe(0);
    await engine.stop();
  });

  it("never holds ingest longer than the wait bound, nor after the engine stops", async () => {
    const { engine, publish, open } = gatedEngine();
    const started = engine.start();
    await publish(300);
    await new Promise((r) => setTimeout(r, 10));
    expect(await settled(engine.whenQueuedAtMost(100, 5))).toBe(true);
    const untilStop = engine.whenQueuedAtMost(100, 10_000);
    const stopping = engine.stop();
    expect(await settled(untilStop)).toBe(true);
    open();
    await started;
    await stopping;
  });
});
