import { setTimeout as delay } from "node:timers/promises";
import { call, signIn } from "./api.ts";

/** When and how the demo starts scenarios. */
export interface RotationOptions {
  url: string;
  speed: number;
  firstAfterMs: number;
  everyMs: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

interface CatalogueItem {
  filename: string;
  name: string;
}

/** Starts the next playbook of the catalogue through the API, as a supervisor would; returns its name. */
async function startNext(url: string, speed: number, turn: number): Promise<string> {
  const token = await signIn(url);
  const catalogue = await call<CatalogueItem[]>(url, "/api/v1/scenarios/available", { token });
  const item = catalogue[turn % catalogue.length];
  if (!item) throw new Error("the scenario catalogue is empty");
  const run = await call<{ site_id: string; event_count: number }>(url, "/api/v1/scenarios/start", {
    method: "POST",
    token,
    body: { filename: item.filename, speed },
  });
  return `${item.name} on ${run.site_id} (${run.event_count} events, speed ${speed})`;
}

/** Starts a scenario after `firstAfterMs`, then one every `everyMs`, going round the catalogue, until aborted. */
export async function rotateScenarios(options: RotationOptions): Promise<void> {
  const { url, speed, log, signal } = options;
  let wait = options.firstAfterMs;
  for (let turn = 0; ; turn++) {
    await delay(wait, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    try {
      log(`[demo] scenario started: ${await startNext(url, speed, turn)}`);
    } catch (error) {
      log(`[demo] could not start a scenario: ${error instanceof Error ? error.message : String(error)}`);
    }
    wait = options.everyMs;
  }
}
