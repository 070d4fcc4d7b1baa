import { parseArgs } from "node:util";
import { MAX_SITES } from "./sites.ts";

/** The largest batch the generator sends in one request. */
export const MAX_BATCH = 500;

/** What `npm run generate` was asked to do. */
export interface GeneratorOptions {
  /** Base URL of Vigie, e.g. `http://localhost:8080`. */
  url: string;
  token: string;
  /** Events to send; null runs until interrupted. */
  count: number | null;
  /** Target events per second. */
  rate: number;
  sites: number;
  burst: boolean;
  attack: boolean;
  /** Also send each site's Windows PCs (Sysmon, Security) through the raw endpoint, a quarter of the rate. */
  windows?: boolean;
  /** Same seed, same events (timestamps aside). */
  seed: number | null;
  batchSize: number;
}

/** Parsed arguments, a request for help, or the reason they were refused. */
export type ParsedArgs =
  | { ok: true; options: GeneratorOptions }
  | { ok: true; help: true }
  | { ok: false; error: string };

/** The `--help` text. */
export const USAGE = `Usage: npm run generate -- --url <base> --token <ingest token> [options]

  --url <base>         Vigie base URL, e.g. http://localhost:8080 (events go to /api/v1/logs/ingest/batch)
  --token <token>      ingest token (default: $VIGIE_INGEST_TOKEN)
  --count <n>          events to send (default: run until Ctrl-C)
  --rate <n>           events per second (default 50)
  --sites <n>          number of sites AUDIO_001..AUDIO_<n>, 1-${MAX_SITES} (default ${MAX_SITES})
  --burst              periodic bursts of high/critical events (about every 30 s)
  --attack             a 10-step kill chain on one site, one step every few seconds
  --windows            also each clinic's Windows PCs (Sysmon, Security) through /api/v1/logs/ingest/raw
  --seed <n>           deterministic events
  --batch-size <n>     events per request, 1-${MAX_BATCH} (default ${MAX_BATCH})`;

const SPEC = {
  url: { type: "string" },
  token: { type: "string" },
  count: { type: "string" },
  rate: { type: "string" },
  sites: { type: "string" },
  burst: { type: "boolean", default: false },
  attack: { type: "boolean", default: false },
  windows: { type: "boolean", default: false },
  seed: { type: "string" },
  "batch-size": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

type NumberCheck = { integer: boolean; min: number; max: number };

function numberOption(name: string, raw: string | undefined, fallback: number | null, check: NumberCheck) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const valid = raw.trim() !== "" && Number.isFinite(value) && (!check.integer || Number.isInteger(value));
  if (!valid || value < check.min || value > check.max) {
    const kind = check.integer ? "an integer" : "a number";
    throw new RangeError(`--${name} must be ${kind} between ${check.min} and ${check.max}, got "${raw}"`);
  }
  return value;
}

function baseUrl(raw: string | undefined): string {
  if (!raw) throw new RangeError("--url is required (e.g. --url http://localhost:8080)");
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !["http:", "https:"].includes(url.protocol))
    throw new RangeError(`--url must be an http(s) URL, got "${raw}"`);
  return url.href.replace(/\/+$/, "");
}

/** Parses the command line (`argv` without node and the script); never throws. */
export function parseGeneratorArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  try {
    const { values } = parseArgs({ args: argv, options: SPEC, strict: true, allowPositionals: false });
    if (values.help) return { ok: true, help: true };
    const token = values.token ?? env.VIGIE_INGEST_TOKEN;
    if (!token) throw new RangeError("--token is required (or set VIGIE_INGEST_TOKEN)");
    const options: GeneratorOptions = {
      url: baseUrl(values.url),
      token,
      count: numberOption("count", values.count, null, { integer: true, min: 1, max: 1e9 }),
      rate: numberOption("rate", values.rate, 50, { integer: false, min: 0.01, max: 100_000 })!,
      sites: numberOption("sites", values.sites, MAX_SITES, { integer: true, min: 1, max: MAX_SITES })!,
      burst: values.burst,
      attack: values.attack,
      windows: values.windows,
      seed: numberOption("seed", values.seed, null, { integer: true, min: 0, max: 2 ** 32 - 1 }),
      batchSize: numberOption("batch-size", values["batch-size"], MAX_BATCH, {
        integer: true,
        min: 1,
        max: MAX_BATCH,
      })!,
    };
    return { ok: true, options };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
