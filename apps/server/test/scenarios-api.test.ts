import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { eventually } from "./support/detection.ts";

const SSH = "ssh-brute-force-lateral-movement.yml";

describe("/api/v1/scenarios", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.ctx.scenarios.start();
  });
  afterAll(async () => {
    await t.ctx.scenarios.stop();
    await t.close();
  });

  const startRun = async (payload: object, role: "supervisor" | "analyst" | "admin" = "supervisor") =>
    t.app.inject({ method: "POST", url: "/api/v1/scenarios/start", headers: await t.as(role), payload });

  it("lists the catalogue to any signed-in user", async () => {
    expect((await t.app.inject({ url: "/api/v1/scenarios/available" })).statusCode).toBe(401);
    const res = await t.app.inject({ url: "/api/v1/scenarios/available", headers: await t.as("analyst") });
    expect(res.statusCode).toBe(200);
    const items = res.json();
    expect(items.map((item: { filename: string }) => item.filename)).toEqual(
      expect.arrayContaining([
        SSH,
        "dns-tunnel-exfiltration.yml",
        "phishing-c2-beaconing.yml",
        "privilege-escalation-persistence.yml",
      ]),
    );
    expect(items.find((item: { filename: string }) => item.filename === SSH)).toMatchObject({
      name: "SSH brute force then lateral movement",
      event_count: 29,
      mitre_tactics: expect.arrayContaining(["TA0006"]),
    });
  });

  it("answers 404 for unknown names and anything that reaches outside the catalogue", async () => {
    for (const filename of [
      "nope.yml",
      `../scenarios/${SSH}`,
      `./${SSH}`,
      `/etc/passwd`,
      "../../../../etc/passwd",
      `..%2F..%2Fetc%2Fpasswd`,
      SSH.toUpperCase(),
      "",
    ]) {
      const res = await startRun({ filename });
      expect(res.statusCode, filename).toBe(404);
      expect(res.json().error).toBe("NotFound");
    }
    expect((await startRun({ filename: ["x"] })).statusCode).toBe(422);
    // A NUL character is refused by the body limits before the catalogue is looked at.
    expect((await startRun({ filename: `${SSH}\u0000.txt` })).statusCode).toBe(422);
  });

  it("lets only supervisors and admins start, with a speed of 0.1 to 10 and a known site", async () => {
    expect((await startRun({ filename: SSH }, "analyst")).statusCode).toBe(403);
    for (const speed of [0, 0.05, 10.5, "1"])
      expect((await startRun({ filename: SSH, speed })).statusCode).toBe(422);
    const unknownSite = await startRun({ filename: SSH, site_id: "AUDIO_999" });
    expect(unknownSite.statusCode).toBe(422);
    expect(unknownSite.json().details[0].field).toBe("site_id");
  });

  it("starts a run that emits events at once, shows it as running, and stops it from the API", async () => {
    const res = await startRun({ filename: SSH, speed: 10, site_id: "AUDIO_021" }, "admin");
    expect(res.statusCode).toBe(201);
    const run = res.json();
    expect(run).toMatchObject({
      filename: SSH,
      name: "SSH brute force then lateral movement",
      status: "running",
      speed: 10,
      site_id: "AUDIO_021",
      events_generated: 0,
      event_count: 29,
      finished_at: null,
      error: null,
    });
    const admin = await t.ctx.users.findByUsername("admin");
    expect(run.started_by).toBe(admin?.id);
    const running = (
      await t.app.inject({ url: "/api/v1/scenarios/running", headers: await t.as("analyst") })
    ).json();
    expect(running.map((r: { id: string }) => r.id)).toContain(run.id);

    const analyst = await t.as("analyst");
    const events = await eventually(async () => {
      const page = (
        await t.app.inject({ url: `/api/v1/logs?scenario_run_id=${run.id}`, headers: analyst })
      ).json();
      return page.total > 0 ? page.items : null;
    });
    expect(events[0]).toMatchObject({ scenario_run_id: run.id, site_id: "AUDIO_021" });

    expect(
      (await t.app.inject({ method: "POST", url: `/api/v1/scenarios/${run.id}/stop`, headers: analyst }))
        .statusCode,
    ).toBe(403);
    const stopped = await t.app.inject({
      method: "POST",
      url: `/api/v1/scenarios/${run.id}/stop`,
      headers: await t.as("supervisor"),
    });
    expect(stopped.json()).toMatchObject({ id: run.id, status: "stopped", finished_at: expect.any(String) });
    await t.ctx.scenarios.runner.whenFinished(run.id);
    const after = (await t.app.inject({ url: "/api/v1/scenarios/running", headers: analyst })).json();
    expect(after.map((r: { id: string }) => r.id)).not.toContain(run.id);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/v1/scenarios/${run.id}/pause`,
      headers: await t.as("supervisor"),
    });
    expect(again.statusCode).toBe(409);

    const audit = await t.ctx.audit.list({ target_id: run.id, action: "scenario.started" }, 0, 5);
    expect(audit.items[0]).toMatchObject({
      actor: "admin",
      details: { filename: SSH, speed: 10, site_id: "AUDIO_021" },
    });
  });

  it("answers 404 for controls on malformed or unknown run ids", async () => {
    const headers = await t.as("supervisor");
    for (const id of ["not-a-uuid", "0190a5b4-0000-7000-8000-000000000000", "..%2F..%2Fetc"]) {
      expect(
        (await t.app.inject({ method: "POST", url: `/api/v1/scenarios/${id}/pause`, headers })).statusCode,
        id,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: "PUT",
            url: `/api/v1/scenarios/${id}/speed`,
            headers,
            payload: { speed: 2 },
          })
        ).statusCode,
      ).toBe(404);
    }
  });
});
