import path from "node:path";
import { z } from "zod";

const ROLE_NAMES = ["api", "ingest", "detect", "worker"] as const;
/** A role this process can play (CONTRACT §10 `VIGIE_ROLES`). */
export type NodeRole = (typeof ROLE_NAMES)[number];

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const port = z.coerce.number().int().min(1).max(65535);
const optionalPort = port.optional();
const optionalText = z.string().min(1).optional();

/** Every environment variable Vigie reads, with its default; the only place that reads process.env. */
const EnvSchema = z.object({
  PORT: port.default(8080).describe("HTTP port"),
  HOST: z
    .string()
    .default("127.0.0.1")
    .describe("HTTP bind address: this machine only by default; 0.0.0.0 to listen on every interface"),
  DATABASE_URL: z.url().optional().describe("PostgreSQL URL; absent = embedded PGlite in VIGIE_DATA_DIR"),
  REDIS_URL: z.url().optional().describe("Redis URL; absent = in-process bus and counters"),
  VIGIE_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/)
    .default("vigie")
    .describe("Prefix of Vigie's Redis keys (several deployments on one Redis)"),
  VIGIE_DATA_DIR: z.string().default("./data").describe("Embedded database, generated secret key"),
  VIGIE_ROLES: z
    .string()
    .default(ROLE_NAMES.join(","))
    .transform((v) =>
      v
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLE_NAMES)).min(1))
    .describe("Roles of this node: api,ingest,detect,worker"),
  VIGIE_SECRET_KEY: z
    .string()
    .min(32, "must be at least 32 characters")
    .optional()
    .describe("JWT signing key"),
  VIGIE_ADMIN_USERNAME: z.string().min(3).max(32).optional().describe("First admin's username (first start)"),
  VIGIE_ADMIN_PASSWORD: z.string().min(8).optional().describe("First admin's password (first start)"),
  VIGIE_INGEST_TOKEN: z.string().min(16).optional().describe("Default ingest token (first start)"),
  VIGIE_METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .describe("Bearer token a Prometheus scraper sends to GET /metrics; unset = /metrics answers 404"),
  VIGIE_ALLOW_REGISTRATION: bool.default(false).describe("Open self-registration"),
  VIGIE_INGEST_AUTH: z.enum(["token", "open"]).default("token").describe("Ingest authentication"),
  VIGIE_IDEMPOTENCY_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(168)
    .default(24)
    .describe("Hours an Idempotency-Key or event_id is remembered: a retry within them stores nothing new"),
  VIGIE_INGEST_QUEUE_EVENTS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(2_000_000)
    .default(200_000)
    .describe(
      "Events ingest holds waiting for storage before it answers 503 with Retry-After (bounds memory)",
    ),
  VIGIE_HEAP_GROWTH_PERCENT: z.coerce
    .number()
    .int()
    .min(0)
    .max(400)
    .default(50)
    .describe(
      "How far the JavaScript heap may grow past what the last full collection kept, in percent, before the next one (0: V8's own choice, up to 300 %)",
    ),
  VIGIE_QUERY_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe(
      "Seconds a search, list or dashboard query may run on PostgreSQL before it is stopped (answered 503)",
    ),
  VIGIE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe("Days of events kept; ingest refuses events older than that (docs/INGEST-POLICY.md)"),
  VIGIE_UNKNOWN_SITES: z
    .enum(["refuse", "accept"])
    .default("refuse")
    .describe(
      "Events naming a site that is not registered: refuse (422) or accept (the site shows as unregistered)",
    ),
  VIGIE_FIRST_START_PACKS: z
    .enum(["on", "off"])
    .default("on")
    .describe(
      "At first start, enable each shipped rule pack's first-start selection (SigmaHQ: its critical rules; docs/SIGMA.md)",
    ),
  VIGIE_ENRICHMENT: z
    .enum(["on", "off"])
    .default("on")
    .describe(
      "Enrich ingested events: country and AS of public addresses, site of addresses in site networks (docs/OPERATIONS.md)",
    ),
  VIGIE_INDICATOR_LOOKBACK_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(90)
    .default(7)
    .describe(
      "Days of stored events an indicator import searches for its new indicators; 0: none (docs/THREAT-INTEL.md)",
    ),
  VIGIE_INDICATOR_FEEDS: optionalText.describe(
    "Indicator lists fetched on a schedule by worker nodes: `source=https://…` pairs separated by commas (docs/THREAT-INTEL.md)",
  ),
  VIGIE_INDICATOR_FEED_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24)
    .default(6)
    .describe("Hours between two fetches of the indicator feeds"),
  VIGIE_GEOIP_DIR: optionalText.describe(
    "Folder with newer geo-whois-asn-country.mmdb, asn-ipv4-num.csv, asn-ipv6-num.csv (default: the shipped packages)",
  ),
  VIGIE_RATE_LIMIT_AUTH: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe("Sign-in and registration attempts per minute per client IP (0 = off)"),
  VIGIE_RATE_LIMIT_API: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe("API requests per minute per signed-in user (0 = off)"),
  VIGIE_TRUST_PROXY: z
    .string()
    .default("false")
    .describe("false, true, a hop count or a list of proxy CIDRs"),
  VIGIE_SMTP_URL: z.url().optional().describe("smtp://host:port or smtps://user:pass@host:port"),
  VIGIE_SMTP_FROM: z.string().default("vigie@localhost").describe("Sender of notification mails"),
  VIGIE_SYSLOG_UDP_PORT: optionalPort.describe("Syslog over UDP"),
  VIGIE_SYSLOG_TCP_PORT: optionalPort.describe("Syslog over TCP (RFC 6587)"),
  VIGIE_SYSLOG_TLS_PORT: optionalPort.describe("Syslog over TLS (RFC 5425)"),
  VIGIE_SYSLOG_TLS_CERT: optionalText.describe("PEM certificate for syslog TLS"),
  VIGIE_SYSLOG_TLS_KEY: optionalText.describe("PEM key for syslog TLS"),
  VIGIE_SYSLOG_DEFAULT_SITE: optionalText.describe("Site of senders outside every site network"),
  VIGIE_WEB_DIR: z.string().optional().describe("Built web app to serve at / (default apps/web/dist)"),
  VIGIE_SCENARIOS_DIR: optionalText.describe(
    "Folder of scenario playbooks (default: the repository's scenarios/)",
  ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The validated configuration of one Vigie process. */
export type Config = z.infer<typeof EnvSchema> & { dataDir: string };

/** Names whose values never appear in logs or the start-up summary. */
const SECRET_NAMES = new Set([
  "VIGIE_SECRET_KEY",
  "VIGIE_ADMIN_PASSWORD",
  "VIGIE_INGEST_TOKEN",
  "VIGIE_METRICS_TOKEN",
]);

/** Thrown with every invalid variable so the operator can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Reads and validates the environment (empty strings count as unset). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.VIGIE_SYSLOG_TLS_PORT && !(config.VIGIE_SYSLOG_TLS_CERT && config.VIGIE_SYSLOG_TLS_KEY)) {
    problems.push("VIGIE_SYSLOG_TLS_PORT: needs VIGIE_SYSLOG_TLS_CERT and VIGIE_SYSLOG_TLS_KEY");
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...config, dataDir: path.resolve(config.VIGIE_DATA_DIR) };
}

/** The start-up summary: every variable's effective value, secrets and URL passwords redacted. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = config[key as keyof Config];
    if (value === undefined) continue;
    out[key] = SECRET_NAMES.has(key) ? "[redacted]" : redactUrl(value);
  }
  return out;
}

function redactUrl(value: unknown): unknown {
  if (typeof value !== "string" || !value.includes("://")) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = "redacted";
    return url.toString();
  } catch {
    return value;
  }
}

/** Whether this node plays the given role. */
export function hasRole(config: Config, role: NodeRole): boolean {
  return config.VIGIE_ROLES.includes(role);
}
