import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("idempotent ingest (event_id and Idempotency-Key)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_IDEMPOTENCY_WINDOW_HOURS: "1" });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url, headers: { ...t.ingestHeaders, ...headers }, payload });
  const stored = async (message: string) =>
    (await t.ctx.db.pool.query("SELECT count(*)::int AS n FROM events WHERE message = $1", [message])).rows[0]
      .n;
  const event = (message: string, extra: object = {}) => ({ source_type: "auth", message, ...extra });

  it("stores a native event sent twice with one event_id once, and answers the retry as the first time", async () => {
    const first = await post("/api/v1/logs/ingest", event("native single", { event_id: "evt-1" }));
    const retry = await post("/api/v1/logs/ingest", event("native single", { event_id: "evt-1" }));
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await stored("native single")).toBe(1);
  });

  it("replays a native batch retried with its Idempotency-Key, and still stores a new key's batch", async () => {
    const batch = { events: [event("keyed"), event("keyed"), { source_type: "nope" }] };
    const first = await post("/api/v1/logs/ingest/batch", batch, { "idempotency-key": "batch-1" });
    const retry = await post("/api/v1/logs/ingest/batch", batch, { "idempotency-key": "batch-1" });
    expect(first.statusCode).toBe(207);
    expect({ status: retry.statusCode, body: retry.json() }).toEqual({ status: 207, body: first.json() });
    expect(await stored("keyed")).toBe(2);
    const other = await post("/api/v1/logs/ingest/batch", batch, { "idempotency-key": "batch-2" });
    expect(other.json().ids).not.toEqual(first.json().ids);
    expect(await stored("keyed")).toBe(4);
  });

  it("deduplicates a batch large enough for COPY (PostgreSQL) as well", async () => {
    const batch = {
      events: Array.from({ length: 40 }, (_, i) => event("large", i % 2 ? { event_id: `large-${i}` } : {})),
    };
    const first = await post("/api/v1/logs/ingest/batch", batch, { "idempotency-key": "large-1" });
    const retry = await post("/api/v1/logs/ingest/batch", batch, { "idempotency-key": "large-1" });
    expect(first.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await stored("large")).toBe(40);
  });

  it("stores one event when the same retry arrives many times at once", async () => {
    const sends = Array.from({ length: 6 }, () =>
      post("/api/v1/logs/ingest/batch", { events: [event("racing", { event_id: "race-1" })] }),
    );
    const answers = await Promise.all(sends);
    expect(new Set(answers.map((a) => a.json().ids[0])).size).toBe(1);
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
    expect(await stored("racing")).toBe(1);
  });

  it("deduplicates AudioSOC v1 events by event_id and by Idempotency-Key", async () => {
    const audiosoc = (description: string, extra: object = {}) => ({
      source: "auth",
      event_type: "login_failure",
      severity: "high",
      description,
      ...extra,
    });
    const single = () => post("/api/ingest", audiosoc("audiosoc single", { event_id: 42 }));
    const [a, b] = [await single(), await single()];
    expect(b.json().id).toBe(a.json().id);
    const batch = { events: [audiosoc("audiosoc batch"), audiosoc("audiosoc batch")] };
    const c = await post("/api/ingest/batch", batch, { "idempotency-key": "audiosoc-1" });
    const d = await post("/api/ingest/batch", batch, { "idempotency-key": "audiosoc-1" });
    expect(d.json()).toEqual(c.json());
    expect([await stored("audiosoc single"), await stored("audiosoc batch")]).toEqual([1, 2]);
  });

  it("refuses an event_id reused for another event within the window, and accepts it after", async () => {
    await post("/api/v1/logs/ingest", event("original", { event_id: "reused" }));
    const reused = await post("/api/v1/logs/ingest", event("impostor", { event_id: "reused" }));
    expect(reused.statusCode).toBe(422);
    expect(reused.json().details[0]).toMatchObject({ field: "event_id", type: "conflict" });
    expect(await stored("impostor")).toBe(0);
    await t.ctx.db.pool.query("UPDATE ingest_claims SET claimed_at = now() - interval '2 hours'");
    const later = await post("/api/v1/logs/ingest", event("impostor", { event_id: "reused" }));
    expect(later.statusCode).toBe(201);
    expect(await stored("impostor")).toBe(1);
  });

  it("refuses an Idempotency-Key that is not printable ASCII", async () => {
    const res = await post("/api/v1/logs/ingest", event("bad key"), { "idempotency-key": "clé" });
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0].field).toBe("headers.idempotency-key");
  });
});
