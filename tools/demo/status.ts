import { setTimeout as delay } from "node:timers/promises";
import { call, signIn } from "./api.ts";

interface Dashboard {
  total_events: number;
  open_alerts: number;
}
interface Run {
  name: string;
  status: string;
  events_generated: number;
  event_count: number;
}

/** One line on what the dashboard shows now: events, open alerts, scenarios in progress. */
async function statusLine(url: string): Promise<string> {
  const token = await signIn(url);
  const [dashboard, runs] = await Promise.all([
    call<Dashboard>(url, "/api/v1/dashboard", { token }),
    call<Run[]>(url, "/api/v1/scenarios/running", { token }),
  ]);
  const scenarios = runs.map(
    (run) => `${run.name} ${run.events_generated}/${run.event_count} (${run.status})`,
  );
  const counts = `${dashboard.total_events.toLocaleString("en-US")} events, ${dashboard.open_alerts} open alerts`;
  return `[demo] ${counts}; scenarios: ${scenarios.join(", ") || "none running"}`;
}

/** Prints the status line every `everyMs` until aborted, so the terminal shows the system is alive. */
export async function reportStatus(url: string, everyMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await delay(everyMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    console.log(await statusLine(url).catch((error: Error) => `[demo] status unavailable: ${error.message}`));
  }
}
