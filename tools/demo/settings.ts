import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The repository root (scripts/start.mjs lives under it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Fixed demo credentials: printed at start, never for a real deployment. */
export const DEMO_ADMIN = { username: "admin", password: "vigie-demo-password" };
export const DEMO_INGEST_TOKEN = "vgi_demo_ingest_token_not_for_production";

/** What `npm run demo` runs with. */
export interface DemoSettings {
  port: number;
  dataDir: string;
  /** Background events per second from the 30-site generator. */
  rate: number;
  /** Seconds before the first scenario, then between two scenarios. */
  firstScenarioAfterS: number;
  scenarioEveryS: number;
  scenarioSpeed: number;
}

/** The `--help` text. */
export const DEMO_USAGE = `Usage: npm run demo -- [--port 8080] [--data-dir ./data-demo] [--rate 20] [--every 180] [--speed 2]

Starts Vigie with embedded storage in --data-dir, feeds it with the 30-site generator at --rate events
per second (with bursts), and starts an attack scenario every --every seconds at --speed. Ctrl-C stops all.`;

const SPEC = {
  port: { type: "string", default: "8080" },
  "data-dir": { type: "string", default: "./data-demo" },
  rate: { type: "string", default: "20" },
  every: { type: "string", default: "180" },
  speed: { type: "string", default: "2" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function number(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`--${name} must be between ${min} and ${max}`);
  return value;
}

/** Parses the command line; "help" when asked, an error message when the arguments are wrong. */
export function parseDemoArgs(argv: string[]): DemoSettings | "help" | { error: string } {
  try {
    const { values } = parseArgs({ args: argv, options: SPEC, strict: true, allowPositionals: false });
    if (values.help) return "help";
    return {
      port: number("port", values.port, 1, 65535),
      dataDir: path.resolve(values["data-dir"]),
      rate: number("rate", values.rate, 1, 5_000),
      firstScenarioAfterS: 20,
      scenarioEveryS: number("every", values.every, 30, 86_400),
      scenarioSpeed: number("speed", values.speed, 0.1, 10),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
