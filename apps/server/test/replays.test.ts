import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

const OTRF = new URL("../src/ingest/formats/fixtures/otrf/", import.meta.url);

// The OTRF data sets (MIT, fixtures/otrf/NOTICE.md) replayed through the raw endpoint as a shipper sends them.
describe("replays of real attack data sets", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  beforeAll(async () => {
    // The sets date from 2020 and 2022.
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650", VIGIE_FIRST_START_PACKS: "on" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
  }, 120_000);
  afterAll(() => t?.close());

  async function replay(folder: string): Promise<void> {
    for (const file of readdirSync(new URL(`${folder}/`, OTRF))) {
      const body = readFileSync(new URL(`${folder}/${file}`, OTRF), "utf8");
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/logs/ingest/raw?site_id=AUDIO_001",
        headers: { ...t.ingestHeaders, "content-type": "application/x-ndjson" },
        payload: body,
      });
      expect([201, 207]).toContain(res.statusCode);
    }
    await h.settle();
  }

  // What a SOC expects from each set (docs/WINDOWS.md "Measured on real data"), from the rules a new
  // installation runs: the default rules and SigmaHQ's critical ones.
  const alertsOf = async () =>
    ((await h.alerts("?per_page=200")).items as { rule_name: string; group_value: string }[])
      .map((alert) => `${alert.rule_name} | ${alert.group_value}`)
      .sort();

  it("Log4Shell (OTRF): Java starting a shell on the Linux and Windows hosts, the reverse shell, encoded PowerShell", async () => {
    await replay("log4shell");
    expect(await alertsOf()).toEqual([
      "Encoded PowerShell | AUDIO_001 / WORKSTATION5",
      "Java or Web Server Starting a Shell | AUDIO_001 / UBUNTU5",
      "Java or Web Server Starting a Shell | AUDIO_001 / WORKSTATION5",
      "Linux Reverse Shell Indicator | AUDIO_001",
    ]);
  });

  it("APT29 (OTRF Zeek logs): SAMR enumeration and directory replication from a workstation, the PE download", async () => {
    const before = await alertsOf();
    await replay("apt29-zeek");
    expect((await alertsOf()).filter((alert) => !before.includes(alert))).toEqual([
      "Directory Replication Call From a Host | AUDIO_001 / 10.0.1.4",
      "Executable Downloaded | AUDIO_001 / 10.0.1.4",
      "SAMR Account Enumeration | AUDIO_001 / 10.0.1.4",
    ]);
  });
});
