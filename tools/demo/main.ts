import { runGenerator } from "../generator/run.ts";
import { FatalSendError } from "../generator/sender.ts";
import { rotateScenarios } from "./scenario-rotation.ts";
import { DEMO_ADMIN, DEMO_INGEST_TOKEN, DEMO_USAGE, type DemoSettings, parseDemoArgs } from "./settings.ts";
import { reportStatus } from "./status.ts";
import { startVigie, waitForHealth } from "./vigie-process.ts";

// `npm run demo`: Vigie embedded, fed by the 30-site generator, with an attack scenario every few minutes.
const parsed = parseDemoArgs(process.argv.slice(2));
if (parsed === "help") {
  console.log(DEMO_USAGE);
  process.exit(0);
}
if ("error" in parsed) {
  console.error(`demo: ${parsed.error}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
await runDemo(parsed);

async function runDemo(settings: DemoSettings): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx).
  for (const name of ["SIGINT", "SIGTERM"] as const) process.on(name, () => controller.abort());
  console.log(`[demo] starting Vigie (embedded storage in ${settings.dataDir})…`);
  const vigie = startVigie(settings);
  if (!(await waitForHealth(vigie, 300_000, signal))) {
    console.error(
      signal.aborted ? "[demo] interrupted" : "[demo] Vigie did not become healthy; see its output above",
    );
    await vigie.stop();
    process.exit(signal.aborted ? 0 : 1);
  }
  printBanner(vigie.url, settings);
  // Vigie ending on its own ends the demo too.
  void vigie.exited.then(() => controller.abort());
  await Promise.all([
    feed(vigie.url, settings, signal),
    rotateScenarios({
      url: vigie.url,
      speed: settings.scenarioSpeed,
      firstAfterMs: settings.firstScenarioAfterS * 1000,
      everyMs: settings.scenarioEveryS * 1000,
      log: console.log,
      signal,
    }),
    reportStatus(vigie.url, 30_000, signal),
  ]);
  console.log("[demo] stopping Vigie…");
  await vigie.stop();
  console.log(`[demo] data kept in ${settings.dataDir} (delete the folder to start afresh)`);
}

/** Background traffic from the 30 sites, with bursts of high/critical events. */
async function feed(url: string, settings: DemoSettings, signal: AbortSignal): Promise<void> {
  const options = {
    url,
    token: DEMO_INGEST_TOKEN,
    count: null,
    rate: settings.rate,
    sites: 30,
    burst: true,
    attack: false,
    windows: true,
    seed: null,
    batchSize: 500,
  };
  try {
    await runGenerator(options, { signal, reportEveryMs: 60_000, log: (line) => console.log(line) });
  } catch (error) {
    if (!(error instanceof FatalSendError)) throw error;
    console.error(`[demo] the generator stopped: ${error.message}`);
  }
}

function printBanner(url: string, settings: DemoSettings): void {
  console.log(`
  Vigie demo is running
    Console       ${url}/   (sign in as ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password})
    API docs      ${url}/api/docs
    Ingest token  ${DEMO_INGEST_TOKEN}
    Traffic       ${settings.rate} events/s from AUDIO_001…AUDIO_030, with bursts
    Scenarios     first in ${settings.firstScenarioAfterS} s, then every ${settings.scenarioEveryS} s at speed ${settings.scenarioSpeed}
  Press Ctrl-C to stop.
`);
}
