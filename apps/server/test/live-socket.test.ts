import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { connectSocket, type RecordingSocket, until } from "./support/live-clients.ts";

type Received = Record<string, unknown>;

describe("Socket.IO on the HTTP port", () => {
  let t: TestApp;
  let base: string;
  let token: string;
  const open: RecordingSocket[] = [];
  // null: no token at all in the handshake.
  const connect = async (as: string | null = token) => {
    const client = await connectSocket(base, as ?? undefined);
    open.push(client);
    return client;
  };
  const ingest = (events: Record<string, unknown>[]) => t.ingest(events);
  const ids = (client: RecordingSocket, name = "new_event") => client.of(name).map((p) => (p as Received).id);

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    token = await t.tokenFor("analyst");
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await t.close();
  });

  it("refuses a handshake without a token or with a bad one", async () => {
    await expect(connect(null)).rejects.toThrow(/Authentication required/);
    await expect(connect("not-a-jwt")).rejects.toThrow(/Invalid or expired token/);
    const refused = await connect("x").catch((error: { data?: unknown }) => error.data);
    expect(refused).toMatchObject({ error: "AuthenticationError" });
  });

  it("greets an authenticated client with `connected {client_id, total_clients}`", async () => {
    const first = await connect();
    const second = await connect();
    await until(() => second.of("connected").length === 1);
    expect(second.of("connected")[0]).toEqual({
      client_id: second.socket.id,
      total_clients: t.app.live!.sockets.size,
    });
    expect((second.of("connected")[0] as Received).total_clients).toBeGreaterThanOrEqual(2);
    await until(() => first.of("connected").length === 1);
  });

  it("routes events by rooms: everything by default, a site or a severity once subscribed", async () => {
    const everything = await connect();
    const site = await connect();
    const critical = await connect();
    const both = await connect();
    expect(await site.request("subscribe_site", { site_id: "AUDIO_002" })).toEqual({
      ok: true,
      room: "site_AUDIO_002",
    });
    expect(await critical.request("subscribe_severity", { severity: "critical" })).toEqual({
      ok: true,
      room: "severity_critical",
    });
    await both.request("subscribe_site", { site_id: "AUDIO_003" });
    await both.request("subscribe_severity", { severity: "critical" });
    const [low1, medium2, critical3] = await ingest([
      { source_type: "firewall", severity: "low", site_id: "AUDIO_001" },
      { source_type: "firewall", severity: "medium", site_id: "AUDIO_002" },
      { source_type: "endpoint", severity: "critical", site_id: "AUDIO_003" },
    ]);
    await until(
      () =>
        ids(everything).length === 3 &&
        ids(site).length === 1 &&
        ids(critical).length === 1 &&
        ids(both).length === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ids(everything)).toEqual([low1, medium2, critical3]);
    expect(ids(site)).toEqual([medium2]);
    expect(ids(critical)).toEqual([critical3]);
    // In both of the event's rooms, it still arrives once.
    expect(ids(both)).toEqual([critical3]);
  });

  it("sends the AudioSOC v1 API's event shape with the native stream fields in `new_event`", async () => {
    const client = await connect();
    const [id] = await ingest([
      {
        source_type: "auth",
        event_type: "login_failure",
        message: "Failed password",
        username: "bob",
        site_id: "AUDIO_004",
      },
    ]);
    await until(() => ids(client).includes(id));
    expect(client.of("new_event").at(-1)).toMatchObject({
      id,
      source: "auth",
      source_type: "auth",
      description: "Failed password",
      event_type: "login_failure",
      username: "bob",
      site_id: "AUDIO_004",
      status: "new",
    });
  });

  it("goes back to everything after unsubscribing its last site", async () => {
    const client = await connect();
    await client.request("subscribe_site", { site_id: "AUDIO_005" });
    expect(await client.request("unsubscribe_site", { site_id: "AUDIO_005" })).toEqual({
      ok: true,
      room: "site_AUDIO_005",
    });
    const [id] = await ingest([{ source_type: "dns", site_id: "AUDIO_006" }]);
    await until(() => ids(client).includes(id));
  });

  it("refuses malformed subscriptions without dropping the connection", async () => {
    const client = await connect();
    expect((await client.request("subscribe_site", { site_id: "../../etc" })).ok).toBe(false);
    expect((await client.request("subscribe_site", "AUDIO_001")).ok).toBe(false);
    expect(await client.request("subscribe_severity", { severity: "low" })).toMatchObject({ ok: false });
    expect(client.socket.connected).toBe(true);
  });

  it("emits `event_updated` on triage and `alert` on a raised alert", async () => {
    const client = await connect();
    const [id] = await ingest([{ source_type: "ids", site_id: "AUDIO_007" }]);
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/logs/${id}/status`,
      headers: await t.as("analyst"),
      payload: { status: "investigating" },
    });
    expect(res.statusCode).toBe(200);
    await until(() => ids(client, "event_updated").includes(id));
    expect(client.of("event_updated").at(-1)).toMatchObject({ id, status: "investigating" });
    const alert = {
      id: "0196a6f0-0000-7000-8000-0000000000aa",
      severity: "high",
      site_id: "AUDIO_007",
      title: "x [y]",
    };
    await t.ctx.bus.publish("alert.raised", { alert });
    await until(() => client.of("alert").length === 1);
    expect(client.of("alert")[0]).toMatchObject(alert);
  });

  it("disconnects a user's sockets when that user changes", async () => {
    const client = await connect();
    const user = await t.ctx.users.findByUsername("analyst1");
    await t.ctx.bus.publish("users.changed", { user_id: user!.id });
    await until(() => !client.socket.connected);
  });
});
