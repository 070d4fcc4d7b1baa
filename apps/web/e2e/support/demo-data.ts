import { execFileSync } from "node:child_process";
import type { VigieApi } from "./api.ts";
import { INGEST_TOKEN, REPO_ROOT, sleep } from "./server.ts";

const SEVERITY_MIX = ["info", "info", "info", "info", "low", "low", "medium", "medium", "high", "critical"];
const SOURCES = ["firewall", "auth", "dns", "proxy", "endpoint", "ids"];

/** Runs the project's log generator against `url`, like a fleet of real sources would send. */
export function runGenerator(url: string, args: string[]): void {
  execFileSync(
    process.execPath,
    ["--import", "tsx", "tools/generator/main.ts", "--url", url, "--token", INGEST_TOKEN, ...args],
    { cwd: REPO_ROOT, stdio: "ignore" },
  );
}

/** Share of a day's traffic per hour: the centres open at 8 and close at 19, with a lunch dip. */
const HOURLY_WEIGHT = [1, 1, 1, 1, 1, 1, 2, 4, 9, 10, 10, 9, 6, 8, 10, 10, 9, 8, 5, 3, 2, 2, 1, 1];
const DAY_WEIGHT = [10, 10, 10, 10, 9, 4, 2]; // Monday … Sunday

/**
 * Events spread over the past `hours` (a week by default) with office-hours rhythm, so timelines, trends and
 * the day × hour heatmap have a shape. Deterministic: the same count gives the same events (timestamps
 * relative to `now`).
 */
export function historicEvents(count: number, now = Date.now(), hours = 7 * 24): Record<string, unknown>[] {
  const slots: number[] = []; // hours ago, repeated by weight
  for (let ago = 1; ago < hours; ago++) {
    const at = new Date(now - ago * 3_600_000);
    const weight = HOURLY_WEIGHT[at.getUTCHours()]! * DAY_WEIGHT[(at.getUTCDay() + 6) % 7]!;
    for (let w = 0; w < weight; w++) slots.push(ago);
  }
  return Array.from({ length: count }, (_, i) => {
    const ago = slots[(i * 7919) % slots.length]!;
    const site = String(1 + ((i * 13) % 30)).padStart(3, "0");
    return {
      source_type: SOURCES[i % SOURCES.length],
      event_type: "connection",
      severity: SEVERITY_MIX[i % SEVERITY_MIX.length],
      site_id: `AUDIO_${site}`,
      source_ip: `10.${1 + (i % 30)}.2.${100 + (i % 20)}`,
      hostname: `audio${site}-ws0${i % 9}`,
      message: `Historic sample event ${i}`,
      timestamp: new Date(now - ago * 3_600_000 - ((i * 1_237) % 3_600) * 1_000).toISOString(),
    };
  });
}

/** Fills a fresh server with a few hundred events, a kill chain (so rules fire), triaged alerts and users. */
export async function seedDemoData(api: VigieApi): Promise<void> {
  // A week as busy as the generated minute below (~100 events per quarter hour at the office-hours peak),
  // so the 24 h timeline shows a working day rather than one spike; the API takes 10,000 per batch.
  const history = historicEvents(30_000);
  for (let start = 0; start < history.length; start += 10_000)
    await api.ingestBatch(history.slice(start, start + 10_000));
  runGenerator(api.url, ["--count", "200", "--rate", "200", "--seed", "7"]);
  runGenerator(api.url, ["--count", "40", "--rate", "20", "--attack", "--seed", "8"]);
  for (const [username, role] of [
    ["sophie.martin", "supervisor"],
    ["marc.dubois", "analyst"],
    ["julie.bernard", "analyst"],
  ] as const)
    await api.asAdmin("POST", "/api/v1/admin/users", {
      username,
      email: `${username}@audio-centres.example`,
      password: `Demo-${username}-2026!`,
      role,
    });
  if (await api.hasEndpoint("GET", "/api/v1/scenarios/available")) {
    await api
      .asAdmin("POST", "/api/v1/scenarios/start", {
        filename: "ssh-brute-force-lateral-movement.yml",
        speed: 1,
      })
      .catch((e) => console.warn(`scenario not started: ${e}`));
  }
  await sleep(3_000); // detection runs on the stream: give it a moment to fire
  const alerts = await api.asAdmin<{ items: { id: string }[] }>("GET", "/api/v1/alerts?per_page=3");
  const [first, second] = alerts.items;
  if (first) await api.asAdmin("PATCH", `/api/v1/alerts/${first.id}/status`, { status: "acknowledged" });
  if (second)
    await api.asAdmin("PATCH", `/api/v1/alerts/${second.id}/status`, {
      status: "false_positive",
      notes: "Scanner of the IT provider",
    });
}
