import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("AudioSOC v1 paths", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, headers: t.ingestHeaders, payload: payload as object });

  it("ingests in the AudioSOC v1 API's shape and answers 201 with it", async () => {
    const res = await post("/api/ingest", {
      source: "firewall",
      event_type: "port_scan",
      severity: "high",
      description: "Port scan from 203.0.113.5",
      raw_log: "kernel: DROP SRC=203.0.113.5",
      metadata: { source_ip: "203.0.113.5" },
      site_id: "AUDIO_004",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      source: "firewall",
      description: "Port scan from 203.0.113.5",
      severity: "high",
      status: "new",
      site_id: "AUDIO_004",
      assigned_to: null,
    });
    const native = await t.app.inject({
      url: `/api/v1/logs/${res.json().id}`,
      headers: await t.as("analyst"),
    });
    expect(native.json()).toMatchObject({
      source_type: "firewall",
      message: "Port scan from 203.0.113.5",
      source_ip: "203.0.113.5",
    });
  });

  it("understands the AudioSOC v1 client's event types and actors in metadata", async () => {
    const res = await post("/api/ingest", {
      source: "auth",
      event_type: "auth_failure",
      severity: "medium",
      description: "Failed login for dr.martin",
      metadata: { user: "dr.martin", attacker_ip: "198.51.100.61", attempts: 1 },
      site_id: "AUDIO_002",
    });
    expect(res.statusCode).toBe(201);
    const native = await t.app.inject({
      url: `/api/v1/logs/${res.json().id}`,
      headers: await t.as("analyst"),
    });
    expect(native.json()).toMatchObject({
      event_type: "login_failure",
      username: "dr.martin",
      source_ip: "198.51.100.61",
      metadata: { client_event_type: "auth_failure", user: "dr.martin" },
    });
    const usb = await post("/api/ingest", {
      source: "endpoint",
      event_type: "usb_device",
      severity: "low",
      description: "USB storage connected",
      metadata: { target_user: "accueil", attacker_ip: "not an address" },
      site_id: "AUDIO_002",
    });
    expect(usb.statusCode).toBe(201);
    expect(usb.json()).toMatchObject({ event_type: "usb_device_connected" });
    const stored = await t.app.inject({
      url: `/api/v1/logs/${usb.json().id}`,
      headers: await t.as("analyst"),
    });
    expect(stored.json()).toMatchObject({ username: "accueil", source_ip: null });
  });

  it("keeps the AudioSOC v1 API's documented 400 messages", async () => {
    const missing = await post("/api/ingest", { source: "firewall", event_type: "x" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ error: "Missing required fields: ['severity', 'description']" });
    const severity = await post("/api/ingest", {
      source: "firewall",
      event_type: "x",
      severity: "urgent",
      description: "d",
    });
    expect(severity.json().error).toMatch(/^Invalid severity: urgent/);
    const source = await post("/api/ingest", {
      source: "toaster",
      event_type: "x",
      severity: "low",
      description: "d",
    });
    expect(source.json().error).toMatch(/^Invalid source: toaster/);
    const badJson = await t.app.inject({
      method: "POST",
      url: "/api/ingest",
      headers: { ...t.ingestHeaders, "content-type": "application/json" },
      payload: "{",
    });
    expect(badJson.statusCode).toBe(400);
    expect(typeof badJson.json().error).toBe("string");
  });

  it("batch: 201 when any was created, errors by index; 400 when none", async () => {
    const good = { source: "ids", event_type: "ids_alert", severity: "medium", description: "ET SCAN" };
    const res = await post("/api/ingest/batch", { events: [good, { source: "ids" }, good] });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(2);
    expect(res.json().errors).toEqual([
      { index: 1, error: "Missing required fields: ['event_type', 'severity', 'description']" },
    ]);
    const none = await post("/api/ingest/batch", { events: [{}] });
    expect(none.statusCode).toBe(400);
    expect(none.json().created).toBe(0);
    expect((await post("/api/ingest/batch", { nope: 1 })).statusCode).toBe(400);
  });

  it("lists, reads and triages events in the AudioSOC v1 API's shape", async () => {
    const headers = await t.as("analyst");
    const list = (await t.app.inject({ url: "/api/events?source=ids&per_page=100", headers })).json();
    expect(list).toMatchObject({ total: 2, page: 1, per_page: 100, pages: 1 });
    expect(list.events[0]).toHaveProperty("description", "ET SCAN");
    expect((await t.app.inject({ url: "/api/events?per_page=101", headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: "/api/events?search=203.0.113.5", headers })).json().total).toBe(1);
    const id = list.events[0].id;
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/events/${id}/status`,
      headers,
      payload: { status: "resolved", assigned_to: "bob" },
    });
    expect(patched.json()).toMatchObject({ status: "resolved", assigned_to: "bob", source: "ids" });
    expect((await t.app.inject({ url: `/api/events/${id}`, headers })).json().status).toBe("resolved");
    expect((await t.app.inject({ url: "/api/events/nope", headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: "/api/events" })).statusCode).toBe(401);
  });
});
