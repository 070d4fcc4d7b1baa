/**
 * `npm run bench:sigma-regression [-- --pack windows,linux,network,web]`: SigmaHQ's regression samples
 * (../shared/data/sigma/regression-manifest.json) through Vigie as an admin and a shipper would use it: every
 * rule of the manifest imported through `POST /api/v1/rules/sigma`, then each rule's true-positive samples
 * (EVTX records as JSON, their time set to now) sent as they are to the raw ingest endpoint; a rule "fires"
 * when one of its alerts holds one of its samples' events (target ≥ 95 %). With `--pack`, the shipped SigmaHQ
 * pack's rules of those products are installed first (`POST /api/v1/rule-packs/sigmahq/install`, every status
 * and level), and the bench counts which other rules fire on the same samples.
 * PostgreSQL mode, one server started by the bench.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { zipSync } from "fflate";
import { readConcatenatedJson } from "./support/raw-samples.ts";
import { BENCH_PG_URL, benchDatabase, startBenchServer } from "./support/server.ts";
import { adminToken, installSigmaPack, SIGMA_RULES } from "./support/sigma-rules.ts";

const { values } = parseArgs({
  options: { pack: { type: "string" }, pg: { type: "string", default: BENCH_PG_URL } },
});
const SIGMA = path.dirname(SIGMA_RULES);
interface Entry {
  rule_id: string;
  rule: string;
  samples: string[];
}
const manifest = JSON.parse(readFileSync(path.join(SIGMA, "regression-manifest.json"), "utf8")) as Entry[];

/**
 * The samples' records with their time set to now (an older event would be outside retention) and their
 * computer named after the entry: samples of different rules often come from the same lab machine, and
 * one rule's alert on another rule's sample would then hold its group in cooldown.
 */
function samplesOf(entry: Entry, index: number): unknown[] {
  const now = new Date().toISOString();
  return entry.samples.flatMap((file) =>
    readConcatenatedJson(readFileSync(path.join(SIGMA, file), "utf8")).map((record) => {
      const system = (
        record as {
          Event?: { System?: { TimeCreated?: Record<string, Record<string, string>>; Computer?: string } };
        }
      ).Event?.System;
      if (system?.TimeCreated?.["#attributes"]) system.TimeCreated["#attributes"].SystemTime = now;
      if (system) system.Computer = `regression-${index}`;
      return record;
    }),
  );
}

const db = await benchDatabase(values.pg!, "sigma_regression");
const server = await startBenchServer(18090, { DATABASE_URL: db.url });
try {
  const token = await adminToken(server);
  const auth = { authorization: `Bearer ${token}` };
  if (values.pack) console.log("pack", await installSigmaPack(server, values.pack.split(",")));
  // The manifest's rules (some are already in the pack: the same Sigma id updates them).
  const files = Object.fromEntries(
    manifest.map((entry) => [entry.rule, readFileSync(path.join(SIGMA, entry.rule))]),
  );
  const imported = await fetch(`${server.url}/api/v1/rules/sigma`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/zip" },
    body: zipSync(files),
  });
  const answer = (await imported.json()) as {
    rules: {
      file: string;
      sigma_id?: string;
      rule_id?: string;
      status: string;
      sources?: string[];
      reason?: string;
    }[];
  };
  const ruleOf = new Map(answer.rules.filter((r) => r.rule_id).map((r) => [r.sigma_id, r.rule_id!]));
  const skipped = answer.rules.filter((r) => r.status === "skipped");
  const unsourced = answer.rules.filter((r) => r.status !== "skipped" && !r.sources?.length);

  // Samples of one rule often match its neighbours too (three bitsadmin rules, one lab machine): with the
  // default cooldown the first match would hold a rule's group quiet when its own sample arrives. Each rule
  // is judged on its own samples, so cooldowns are off (firings merge into the open alert as occurrences).
  for (const ruleId of ruleOf.values()) {
    await fetch(`${server.url}/api/v1/rules/${ruleId}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ cooldown_seconds: 0 }),
    });
  }
  // Each entry's samples, one request each, remembering which events they became.
  const eventsOf = new Map<string, Set<string>>();
  for (const [index, entry] of manifest.entries()) {
    const res = await fetch(`${server.url}/api/v1/logs/ingest/raw?site_id=AUDIO_001`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify(samplesOf(entry, index)),
    });
    const body = (await res.json()) as { ids?: string[]; results?: { id?: string }[] };
    const ids = body.ids ?? body.results?.flatMap((r) => (r.id ? [r.id] : [])) ?? [];
    eventsOf.set(entry.rule_id, new Set(ids));
  }
  // Detection may still be recompiling after the imports and edits: read the alerts until they hold still.
  const readAlerts = async () => {
    const all: { rule_id: string; matched_event_ids: string[] }[] = [];
    for (let page = 1; ; page++) {
      const res = await fetch(`${server.url}/api/v1/alerts?per_page=200&page=${page}`, { headers: auth });
      const body = (await res.json()) as { items: typeof all; pages: number };
      all.push(...body.items);
      if (page >= body.pages) return all;
    }
  };
  let alerts = await readAlerts();
  const signature = (list: typeof alerts) =>
    list.reduce((sum, alert) => sum + alert.matched_event_ids.length, 0);
  for (let still = 0, waited = 0; still < 3 && waited < 300; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const next = await readAlerts();
    still = next.length > 0 && signature(next) === signature(alerts) ? still + 1 : 0;
    alerts = next;
  }
  const firing = manifest.filter((entry) => {
    const ruleId = ruleOf.get(entry.rule_id);
    const events = eventsOf.get(entry.rule_id)!;
    return alerts.some((a) => a.rule_id === ruleId && a.matched_event_ids.some((id) => events.has(id)));
  });
  const silent = manifest.filter((entry) => !firing.includes(entry));
  const manifestRules = new Set(ruleOf.values());
  const listed = (await (await fetch(`${server.url}/api/v1/rules`, { headers: auth })).json()) as {
    id: string;
    name: string;
  }[];
  const nameOf = new Map(listed.map((rule) => [rule.id, rule.name]));
  const others = new Map<string, number>();
  for (const alert of alerts)
    if (!manifestRules.has(alert.rule_id)) others.set(alert.rule_id, (others.get(alert.rule_id) ?? 0) + 1);
  console.log(
    JSON.stringify(
      {
        rules: manifest.length,
        samples_sent: [...eventsOf.values()].reduce((sum, ids) => sum + ids.size, 0),
        fired: firing.length,
        fired_share: `${((100 * firing.length) / manifest.length).toFixed(1)} %`,
        skipped_at_import: skipped.map((r) => `${r.file}: ${r.reason}`),
        no_matching_source: unsourced.map((r) => r.file),
        silent: silent.map((entry) => entry.rule),
        other_rules_firing: others.size,
        other_rules: [...others.keys()].map((id) => nameOf.get(id) ?? id),
        other_alerts: [...others.values()].reduce((sum, n) => sum + n, 0),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  await db.drop();
}
