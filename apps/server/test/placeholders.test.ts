import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

/** A rule on the admin workstations, whichever they are: Sigma's `|expand` with `%admin_hosts%`. */
const adminHostRule = {
  name: "Logon on an admin workstation",
  rule_type: "threshold",
  severity: "high",
  conditions: {
    event_filter: {
      all: [
        { field: "event_type", value: "placeholder_probe" },
        { field: "hostname", op: "wildcard", value: "%admin_hosts%", expand: true },
      ],
    },
    threshold: 1,
    window_seconds: 60,
    group_by: "hostname",
  },
};

describe("rule placeholders (expand)", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
  });
  afterAll(() => t.close());

  const put = async (name: string, values: unknown, role: "admin" | "supervisor" = "admin") =>
    t.call("PUT", `/api/v1/admin/placeholders/${name}`, await t.as(role), { values });

  it("refuses a rule whose placeholder has no values, naming it", async () => {
    const res = await t.call("POST", "/api/v1/rules", await t.as("supervisor"), adminHostRule);
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0].message).toMatch(/%admin_hosts% has no values/);
  });

  it("lets an admin set the values, and the engine matches with them at once", async () => {
    expect((await put("admin_hosts", ["adm-*"], "supervisor")).statusCode).toBe(403);
    expect((await put("bad name", ["x"])).statusCode).toBe(422);
    expect((await put("admin_hosts", [])).statusCode).toBe(422);
    expect((await put("admin_hosts", ["adm-*", "dc-01"])).json()).toMatchObject({ name: "admin_hosts" });
    const rule = await h.createRule(adminHostRule);
    await h.ingest([
      { source_type: "auth", event_type: "placeholder_probe", hostname: "ws-07", site_id: "AUDIO_003" },
      { source_type: "auth", event_type: "placeholder_probe", hostname: "ADM-02", site_id: "AUDIO_003" },
    ]);
    await h.settle();
    const groups = (await h.alerts(`?rule_id=${rule.id}`)).items.map(
      (a: { group_value: string }) => a.group_value,
    );
    expect(groups).toEqual(["AUDIO_003 / ADM-02"]);

    await put("admin_hosts", ["ws-*"]);
    await h.settle();
    await h.ingest([
      { source_type: "auth", event_type: "placeholder_probe", hostname: "ws-07", site_id: "AUDIO_003" },
    ]);
    await h.settle();
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(2);
    const listed = await t.call("GET", "/api/v1/admin/placeholders", await t.as("supervisor"));
    expect(listed.json()).toEqual([expect.objectContaining({ name: "admin_hosts", values: ["ws-*"] })]);
  });
});
