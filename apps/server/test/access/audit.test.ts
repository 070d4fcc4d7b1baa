import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditLog } from "../../src/modules/audit/audit.service.ts";
import { ManualClock } from "../../src/platform/clock.ts";
import type { Database } from "../../src/platform/db/database.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { ADMIN, startTestApp, type TestApp } from "../support/app.ts";

type Entry = {
  action: string;
  actor: string | null;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  created_at: string;
};

describe("audit log", () => {
  let t: TestApp;
  let admin: { authorization: string };
  let eventId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as("admin");
    const ingested = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: t.ingestHeaders,
      payload: { source_type: "auth", event_type: "login_failure" },
    });
    eventId = ingested.json().id;
  }, 60_000);
  afterAll(() => t?.close());

  const audit = async (query = "") => {
    const res = await t.app.inject({ url: `/api/v1/audit${query}`, headers: admin });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Entry[]; total: number; page: number; per_page: number; pages: number };
  };

  it("records event triage on the native and AudioSOC v1 paths, with who, what, which event and IP", async () => {
    const analyst = await t.as("analyst");
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/logs/${eventId}/status`,
      headers: { ...analyst, "x-forwarded-for": "203.0.113.1" },
      payload: { status: "investigating", assigned_to: "analyst1" },
    });
    await t.app.inject({
      method: "PATCH",
      url: `/api/events/${eventId}/status`,
      headers: analyst,
      payload: { status: "resolved" },
    });
    const { items } = await audit("?action=event.triaged");
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      actor: "analyst1",
      target_type: "event",
      target_id: eventId,
      details: { status: "resolved" },
      ip: "127.0.0.1",
    });
    expect(items[1]).toMatchObject({ details: { status: "investigating", assigned_to: "analyst1" } });
    expect(Date.parse(items[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(items[1]!.created_at));
  });

  it("does not record a triage that changed nothing (unknown event)", async () => {
    const before = (await audit("?action=event.triaged")).total;
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/logs/00000000-0000-7000-8000-000000000000/status",
      headers: admin,
      payload: { status: "resolved" },
    });
    expect(res.statusCode).toBe(404);
    expect((await audit("?action=event.triaged")).total).toBe(before);
  });

  it("paginates newest first and filters by user, action, object and time", async () => {
    for (let i = 0; i < 3; i++) {
      await t.app.inject({
        method: "POST",
        url: "/api/v1/sites",
        headers: admin,
        payload: { site_id: `AUDIT_${i}`, name: `Audit ${i}` },
      });
    }
    const page1 = await audit("?action=site.created&per_page=2");
    expect(page1).toMatchObject({ total: 3, page: 1, per_page: 2, pages: 2 });
    expect(page1.items.map((e) => e.target_id)).toEqual(["AUDIT_2", "AUDIT_1"]);
    expect((await audit("?action=site.created&per_page=2&page=2")).items.map((e) => e.target_id)).toEqual([
      "AUDIT_0",
    ]);
    const adminId = (await t.ctx.users.findByUsername(ADMIN.username))!.id;
    expect((await audit(`?user_id=${adminId}`)).items.every((e) => e.actor_id === adminId)).toBe(true);
    expect((await audit("?username=ADMIN&action=site.created")).total).toBe(3);
    expect((await audit("?username=analyst1")).items.every((e) => e.actor === "analyst1")).toBe(true);
    expect((await audit("?target_type=site&target_id=AUDIT_1")).items).toHaveLength(1);
    expect((await audit("?user_id=not-a-uuid")).total).toBe(0);
    expect((await audit("?from=2999-01-01T00:00:00Z")).total).toBe(0);
    expect((await audit("?to=2000-01-01T00:00:00Z")).total).toBe(0);
  });

  it("rejects malformed filters with 422 and is admin-only", async () => {
    expect((await t.app.inject({ url: "/api/v1/audit?from=yesterday", headers: admin })).statusCode).toBe(
      422,
    );
    expect((await t.app.inject({ url: "/api/v1/audit?per_page=1000", headers: admin })).statusCode).toBe(422);
    expect((await t.app.inject({ url: "/api/v1/audit", headers: await t.as("supervisor") })).statusCode).toBe(
      403,
    );
  });

  it("never fails the caller when the log cannot be written", async () => {
    const broken = {
      orm: { insert: () => ({ values: () => Promise.reject(new Error("disk full")) }) },
    } as unknown as Database;
    const logger = createLogger("silent");
    const error = vi.spyOn(logger, "error");
    await expect(
      new AuditLog(broken, new ManualClock(), logger).record({ actor: null, action: "x.y" }),
    ).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledOnce();
  });
});
