import type { TestApp } from "./app.ts";

/** Helpers for detection tests: rules, ingest through HTTP, and waiting for the engine. */
export function detectionHelpers(t: TestApp) {
  const supervisor = () => t.as("supervisor");
  return {
    async createRule(rule: Record<string, unknown>) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/rules",
        headers: await supervisor(),
        payload: rule,
      });
      if (res.statusCode !== 201) throw new Error(`rule not created: ${res.body}`);
      return res.json();
    },
    async patchRule(id: string, patch: Record<string, unknown>) {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/rules/${id}`,
        headers: await supervisor(),
        payload: patch,
      });
      if (res.statusCode !== 200) throw new Error(`rule not updated: ${res.body}`);
      return res.json();
    },
    async getRule(id: string) {
      return (await t.app.inject({ url: `/api/v1/rules/${id}`, headers: await t.as("analyst") })).json();
    },
    /** Ingests events through the public batch endpoint; returns their ids. */
    ingest: (events: Record<string, unknown>[]) => t.ingest(events),
    async alerts(query = "") {
      const res = await t.app.inject({ url: `/api/v1/alerts${query}`, headers: await t.as("analyst") });
      return res.json();
    },
    /** Waits until every ingested batch is evaluated and its alerts stored. */
    settle: () => t.ctx.engine.idle(),
  };
}

/** Polls `probe` until it returns a value (or throws after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
