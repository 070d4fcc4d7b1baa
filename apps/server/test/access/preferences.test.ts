import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

describe("a user's own preferences: the time zone", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const me = () => t.app.inject({ url: "/api/v1/auth/me", headers: analyst });
  const setZone = (time_zone: unknown, headers = analyst) =>
    t.app.inject({ method: "PATCH", url: "/api/v1/auth/me/preferences", headers, payload: { time_zone } });

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("is the browser's (null) until set, then read with the current user", async () => {
    expect((await me()).json().time_zone).toBeNull();
    const res = await setZone("Asia/Tokyo");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: "analyst1", time_zone: "Asia/Tokyo" });
    expect((await me()).json().time_zone).toBe("Asia/Tokyo");
  });

  it("goes back to the browser's with null, and is audited with both values", async () => {
    await setZone("Europe/Paris");
    expect((await setZone(null)).json().time_zone).toBeNull();
    const audit = await t.app.inject({
      url: "/api/v1/audit?action=user.preferences_updated",
      headers: await t.as("admin"),
    });
    expect(audit.json().items[0]).toMatchObject({
      actor: "analyst1",
      target_type: "user",
      details: { time_zone: { from: "Europe/Paris", to: null } },
    });
  });

  it("refuses a zone that is not an IANA name with a 422 naming time_zone", async () => {
    for (const bad of ["Mars/Olympus_Mons", "", 42]) {
      const res = await setZone(bad);
      expect(res.statusCode).toBe(422);
      expect(JSON.stringify(res.json().details)).toContain("time_zone");
    }
    expect((await me()).json().time_zone).toBeNull();
  });

  it("needs a signed-in user and changes only one's own zone", async () => {
    expect(
      (
        await t.app.inject({
          method: "PATCH",
          url: "/api/v1/auth/me/preferences",
          payload: { time_zone: "UTC" },
        })
      ).statusCode,
    ).toBe(401);
    await setZone("UTC", await t.as("supervisor"));
    expect((await me()).json().time_zone).toBeNull();
  });
});
