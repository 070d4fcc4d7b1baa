import { DEFAULT_RULES } from "../../src/detection/default-rules.ts";
import type { TestApp } from "./app.ts";
import { fuzzBody, fuzzQueryValue, Rng } from "./fuzz.ts";

/** One fuzzed request: what to send, built from the generator. */
interface FuzzRequest {
  method: "GET" | "POST" | "PATCH";
  url: string;
  payload?: string;
}

/** An endpoint under fuzz: a name for the report and how to make its n-th request. */
export interface FuzzTarget {
  name: string;
  headers: Record<string, string>;
  request(rng: Rng): FuzzRequest;
}

/** What a fuzz run found: answers by status, and every request answered ≥ 500 or not at all. */
export interface FuzzReport {
  statuses: Record<number, number>;
  failures: { index: number; status: number | "hung"; request: FuzzRequest; answer: string }[];
}

const EVENT = {
  source_type: "auth",
  event_type: "login_failure",
  source_ip: "10.7.0.12",
  username: "root",
  message: "Failed password for root",
  site_id: "AUDIO_007",
  timestamp: "2026-11-20T10:00:00Z",
  metadata: { service: "sshd" },
};
const AUDIOSOC_EVENT = {
  source: "auth",
  event_type: "login_failure",
  severity: "high",
  description: "Failed password for root",
  site_id: "AUDIO_007",
  metadata: { source_ip: "10.7.0.12" },
};

const post = (url: string, base: Record<string, unknown>, list?: string) => (rng: Rng) => ({
  method: "POST" as const,
  url,
  payload: fuzzBody(rng, base, list),
});

/**
 * The body targets: both ingest APIs (single and batch), login, rule create and update, bulk alert triage, case
 * create, saved search create, search to rule.
 */
export async function bodyTargets(t: TestApp): Promise<FuzzTarget[]> {
  const admin = await t.as("admin");
  const json = { "content-type": "application/json" };
  const rule = DEFAULT_RULES[0]!;
  const ruleId = (await t.ctx.rules.list())[0]!.id;
  const batchOf = (event: object) => ({ events: [event, { ...event, username: "admin" }, event] });
  return [
    {
      name: "native ingest",
      headers: { ...t.ingestHeaders, ...json },
      request: post("/api/v1/logs/ingest", EVENT),
    },
    {
      name: "native batch ingest",
      headers: { ...t.ingestHeaders, ...json },
      request: post("/api/v1/logs/ingest/batch", batchOf(EVENT), "events"),
    },
    {
      name: "AudioSOC ingest",
      headers: { ...t.ingestHeaders, ...json },
      request: post("/api/ingest", AUDIOSOC_EVENT),
    },
    {
      name: "AudioSOC batch ingest",
      headers: { ...t.ingestHeaders, ...json },
      request: post("/api/ingest/batch", batchOf(AUDIOSOC_EVENT), "events"),
    },
    {
      name: "login",
      headers: json,
      request: post("/api/v1/auth/login", { username: "admin", password: "wrong" }),
    },
    {
      name: "rule create",
      headers: { ...admin, ...json },
      request: (rng) => post("/api/v1/rules", { ...rule, name: `fuzz ${rng.int(1e9)}` })(rng),
    },
    {
      name: "rule update",
      headers: { ...admin, ...json },
      request: (rng) => ({
        method: "PATCH",
        url: `/api/v1/rules/${ruleId}`,
        payload: fuzzBody(rng, {
          name: rule.name,
          severity: "high",
          conditions: rule.conditions,
          enabled: true,
        }),
      }),
    },
    {
      name: "alert bulk triage",
      headers: { ...admin, ...json },
      request: post(
        "/api/v1/alerts/bulk",
        {
          ids: ["0190a0e0-0000-7000-8000-000000000000", "nope"],
          status: "investigating",
          notes: "x",
          assignee_id: null,
        },
        "ids",
      ),
    },
    {
      name: "case create",
      headers: { ...admin, ...json },
      request: post(
        "/api/v1/cases",
        {
          alert_ids: ["0190a0e0-0000-7000-8000-000000000000"],
          title: "x",
          severity: "high",
          assignee_id: null,
        },
        "alert_ids",
      ),
    },
    {
      name: "saved search create",
      headers: { ...admin, ...json },
      request: (rng) =>
        post("/api/v1/saved-searches", {
          name: `fuzz ${rng.int(1e9)}`,
          q: "sshd severity>=high",
          filters: { site_id: "AUDIO_001", range: "24h" },
          shared: true,
        })(rng),
    },
    {
      name: "search to rule",
      headers: { ...admin, ...json },
      request: post("/api/v1/logs/query/to-rule", {
        q: '(username:bob OR source_ip:10.0.0.0/8) -hostname:ws* dest_port>=1024 "failed password"',
        filters: { severity: "high", range: "1h" },
      }),
    },
  ];
}

/** The `limit` a query target sends when the fuzz leaves it out. */
const BOUNDED_LIMIT = 200;

// Endless streams answer with headers and never end: not a query to fuzz with `inject`.
const isStream = (path: string) => /stream|socket/.test(path);

interface OpenApiParameter {
  name: string;
  in: string;
}

/**
 * One target per GET route with query or path parameters, read from the OpenAPI document (so a new
 * list route is fuzzed without being named here); each request fuzzes one or two of its parameters
 * (more would almost always include one the schema refuses, and the handler would never run).
 */
export async function queryTargets(t: TestApp): Promise<FuzzTarget[]> {
  const admin = await t.as("admin");
  const spec = t.app.swagger() as { paths: Record<string, { get?: { parameters?: OpenApiParameter[] } }> };
  return Object.entries(spec.paths).flatMap(([path, item]) => {
    const params = (item.get?.parameters ?? []).filter((p) => p.in === "query" || p.in === "path");
    if (!params.length || isStream(path)) return [];
    const query = params.filter((p) => p.in === "query").map((p) => p.name);
    return [
      {
        name: `GET ${path}`,
        headers: admin,
        request: (rng: Rng) => {
          const url = path.replace(/\{(\w+)\}/g, () => fuzzQueryValue(rng));
          const chosen = query.length ? [rng.pick(query), ...(rng.chance(0.3) ? [rng.pick(query)] : [])] : [];
          const pairs = chosen.map((name) => `${name}=${fuzzQueryValue(rng)}`);
          // An answer sized by a `limit` (the export) grows with what the body targets stored, about
          // 100,000 events: writing them all is no hang, but takes longer than HUNG_AFTER_MS.
          if (query.includes("limit") && !chosen.includes("limit")) pairs.push(`limit=${BOUNDED_LIMIT}`);
          const search = pairs.join("&");
          return { method: "GET" as const, url: search ? `${url}?${search}` : url };
        },
      },
    ];
  });
}

const HUNG_AFTER_MS = 15_000;

/** One request with a deadline: its status, or "hung" when no answer came within HUNG_AFTER_MS. */
async function send(t: TestApp, target: FuzzTarget, request: FuzzRequest) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), HUNG_AFTER_MS);
  });
  const answer = await Promise.race([t.app.inject({ ...request, headers: target.headers }), hung]);
  clearTimeout(timer);
  return answer === "hung"
    ? { status: "hung" as const, body: "" }
    : { status: answer.statusCode, body: answer.body };
}

/**
 * Sends `count` fuzzed requests to a target, `concurrency` at a time (the requests are drawn in order
 * from the seed, so the same seed sends the same requests).
 */
export async function fuzzTarget(
  t: TestApp,
  target: FuzzTarget,
  count: number,
  seed: number,
  concurrency = 1,
): Promise<FuzzReport> {
  const rng = new Rng(seed);
  const report: FuzzReport = { statuses: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const request = target.request(rng);
      const { status, body } = await send(t, target, request);
      if (status !== "hung") report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (status === "hung" || status >= 500) {
        const shown = { ...request, payload: request.payload?.slice(0, 300) };
        report.failures.push({ index, status, request: shown, answer: body.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}
