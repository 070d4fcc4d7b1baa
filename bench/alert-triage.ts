/**
 * `npm run bench:triage [-- --alerts 100000] [--pg <url>]`: fills a fresh database (embedded, or PostgreSQL
 * with `--pg`) with alerts spread over 30 days (50 rules, 30 sites, 40 % open, a quarter assigned), then
 * reports p50/p95 of the alert list and its filters, the groups, related alerts, and one bulk change of 500
 * alerts, each through the HTTP routes (in-process requests) as an analyst sees them.
 */
import { parseArgs } from "node:util";
import { firstStart } from "../apps/server/src/bootstrap/first-start.ts";
import { loadConfig } from "../apps/server/src/config.ts";
import { createContext } from "../apps/server/src/container.ts";
import { buildApp } from "../apps/server/src/http/app.ts";
import { openDatabase } from "../apps/server/src/platform/db/database.ts";
import { createLogger } from "../apps/server/src/platform/logger.ts";
import { benchDatabase } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    alerts: { type: "string", default: "100000" },
    runs: { type: "string", default: "20" },
    pg: { type: "string" },
    "db-prefix": { type: "string", default: "vigie_bench" },
  },
});
const TOTAL = Number(values.alerts);
const RUNS = Number(values.runs);

/** `TOTAL` alerts in one statement: every 10th on a shared address, so related alerts exist. */
const FILL = `
INSERT INTO alerts (id, rule_id, rule_name, severity, title, group_value, group_fields, matched_event_ids,
  matched_event_count, occurrences, first_seen, last_seen, status, site_id, entities, assignee_id, assigned_at,
  created_at, updated_at)
SELECT gen_random_uuid(), rules.id, 'Rule ' || r, (ARRAY['critical','high','medium','low','info'])[1 + r % 5],
  'Rule ' || r || ' [AUDIO_' || lpad((1 + i % 30)::text, 3, '0') || ' / ' || ip || ']',
  'AUDIO_' || lpad((1 + i % 30)::text, 3, '0') || ' / ' || ip || ' #' || i,
  jsonb_build_object('source_ip', ip), '{}', 1 + i % 20, 1, at, at + interval '5 minutes',
  (ARRAY['new','acknowledged','investigating','resolved','false_positive','resolved','resolved','false_positive',
    'new','resolved'])[1 + i % 10],
  'AUDIO_' || lpad((1 + i % 30)::text, 3, '0'),
  ARRAY['ip:' || ip, 'host:ws-' || (i % 500), 'user:user' || (i % 300)],
  CASE WHEN i % 4 = 0 THEN $2::uuid END, CASE WHEN i % 4 = 0 THEN at END, at, at
FROM generate_series(1, $1::int) AS i,
  LATERAL (SELECT i % 50 AS r, CASE WHEN i % 10 = 0 THEN '203.0.113.7' ELSE '10.' || (i % 200) || '.' || (i % 250) || '.' || (i % 7) END AS ip,
    now() - (i::float / $1 * interval '30 days') AS at) AS v,
  LATERAL (SELECT ('00000000-0000-7000-8000-' || lpad(r::text, 12, '0'))::uuid AS id) AS rules`;

async function sample(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

async function main() {
  const storage = values.pg ? await benchDatabase(values.pg, "triage", values["db-prefix"]) : null;
  const config = loadConfig({
    VIGIE_DATA_DIR: "/tmp/vigie-bench-triage",
    LOG_LEVEL: "silent",
    VIGIE_ADMIN_PASSWORD: "bench-admin-password",
    VIGIE_RATE_LIMIT_API: "0",
    ...(storage ? { DATABASE_URL: storage.url } : {}),
  });
  const db = storage ? undefined : await openDatabase({ embeddedDir: null });
  const ctx = await createContext(config, { logger: createLogger("silent"), ...(db ? { db } : {}) });
  await firstStart(config, ctx);
  const app = await buildApp(ctx);
  await app.ready();
  const admin = (await ctx.users.findByUsername("admin"))!;
  const headers = { authorization: `Bearer ${await ctx.auth.issue(admin)}` };
  try {
    const fillStarted = performance.now();
    await ctx.db.pool.query(FILL, [TOTAL, admin.id]);
    await ctx.db.pool.query("ANALYZE alerts");
    console.log(
      `${TOTAL} alerts stored in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s (${storage ? "postgres" : "embedded"})`,
    );
    const get = (url: string) => async () => {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const day = new Date(Date.now() - 86_400_000).toISOString();
    const related = (await get("/api/v1/alerts?q=203.0.113.7&per_page=1")()).items[0].id;
    const cases: [string, string][] = [
      ["list, newest first (page 1 of 50)", "/api/v1/alerts"],
      ["list, page 100", "/api/v1/alerts?page=100"],
      [
        "open, high and critical",
        "/api/v1/alerts?status=new,acknowledged,investigating&severity=high,critical",
      ],
      ["assigned to me, open", "/api/v1/alerts?assignee=me&status=new,acknowledged,investigating"],
      ["unassigned, last 24 h", `/api/v1/alerts?assignee=unassigned&from=${day}`],
      ["text: an address", "/api/v1/alerts?q=10.7.7"],
      [
        "one rule, sorted by severity",
        "/api/v1/alerts?rule_id=00000000-0000-7000-8000-000000000007&sort=severity",
      ],
      ["sorted by assignee", "/api/v1/alerts?sort=assignee&order=asc"],
      ["groups per rule", "/api/v1/alerts/groups?by=rule"],
      [
        "groups per rule and group, open",
        "/api/v1/alerts/groups?by=rule_group&status=new,acknowledged,investigating",
      ],
      ["related alerts (shared address)", `/api/v1/alerts/${related}/related`],
    ];
    console.log("| request | p50 ms | p95 ms |\n|---|---:|---:|");
    for (const [name, url] of cases) {
      const { p50, p95 } = await sample(get(url));
      console.log(`| ${name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
    }
    const open = await get("/api/v1/alerts?status=new&per_page=200")();
    const more = await get("/api/v1/alerts?status=new&per_page=200&page=2")();
    const more2 = await get("/api/v1/alerts?status=new&per_page=200&page=3")();
    const ids = [...open.items, ...more.items, ...more2.items].slice(0, 500).map((a: { id: string }) => a.id);
    const started = performance.now();
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/alerts/bulk",
      headers,
      payload: { ids, status: "investigating", assignee_id: admin.id },
    });
    const took = performance.now() - started;
    console.log(
      `bulk: ${ids.length} alerts assigned and set investigating in ${took.toFixed(0)} ms (${(took / ids.length).toFixed(1)} ms each), ${res.json().updated} updated`,
    );
  } finally {
    await app.close();
    await ctx.close();
    await db?.close();
    await storage?.drop();
  }
}

await main();
