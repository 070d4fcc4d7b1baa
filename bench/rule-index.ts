/**
 * `npm run bench:rules`: the detection engine alone on one core with about 2,500 Sigma-shaped rules
 * (windows process creation, logon, PowerShell, services; DNS; a few keyword rules) against the same
 * events as the default rules, with the rule index and, as the baseline, offering every rule every
 * event (the engine before the index); then SigmaHQ's own windows, linux, network and web rules
 * (../shared/data/sigma/rules, when present) with the index. Reports events per CPU second for each,
 * and for SigmaHQ's rules the time to compile them all and to rebuild the set after one rule's edit.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Condition, type RuleCreateInput, RuleCreateSchema } from "@vigie/contracts";
import { DEFAULT_RULES } from "../apps/server/src/detection/default-rules.ts";
import { evaluateEvent, RuleSet } from "../apps/server/src/detection/engine-core.ts";
import { MemoryWindowStore } from "../apps/server/src/detection/state/memory-store.ts";
import type { DetectionEvent, Firing } from "../apps/server/src/detection/types.ts";
import { toLogEvent } from "../apps/server/src/ingest/event-row.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { convertSigmaFiles } from "../apps/server/src/sigma/batch.ts";
import { SHIPPED_PIPELINES } from "../apps/server/src/sigma/pipelines/index.ts";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { SIGMA_RULES } from "./support/sigma-rules.ts";

const random = createRandom(5);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const log = (text: string) => console.log(`${new Date().toISOString()} ${text}`);
const pick = <T>(items: readonly T[]) => random.pick(items);
const BINARIES = Array.from({ length: 400 }, (_, i) => `tool${i}.exe`);
const TOKENS = Array.from({ length: 600 }, (_, i) => `-opt${i}`);
const processCreation: Condition = {
  any: [
    {
      all: [
        { field: "Channel", value: "Microsoft-Windows-Sysmon/Operational" },
        { field: "EventID", value: 1 },
      ],
    },
    {
      all: [
        { field: "Channel", value: "Security" },
        { field: "EventID", value: 4688 },
      ],
    },
  ],
};
const OTHER_EVENTS = [4624, 4625, 4104, 7045, 4720, 5140, 3, 11, 13, 22];

/** One Sigma-shaped rule: a logsource part and a detection part, as the importer writes them. */
function sigmaShaped(index: number): RuleCreateInput {
  const shape = index % 50;
  const image: Condition = {
    field: "Image",
    op: "endswith",
    value: [`\\${pick(BINARIES)}`, `\\${pick(BINARIES)}`],
  };
  const command: Condition = { field: "CommandLine", op: "contains", value: [pick(TOKENS), pick(TOKENS)] };
  let filter: Condition;
  if (shape < 30) filter = { all: [processCreation, image, { any: [command, { not: image }] }] };
  else if (shape < 44) filter = { all: [{ field: "EventID", value: pick(OTHER_EVENTS) }, command] };
  else if (shape < 49)
    filter = {
      all: [
        { field: "source_type", value: "dns" },
        { field: "normalized.query", op: "endswith", value: `.${pick(TOKENS)}.example` },
      ],
    };
  else filter = { keywords: { value: [`mimikatz${index}`, `sekurlsa${index}`] } };
  return {
    name: `sigma-${index}`,
    rule_type: "threshold",
    severity: "high",
    conditions: { event_filter: filter, threshold: 1, window_seconds: 60 },
  };
}

function events(): DetectionEvent[] {
  const sites = siteIds(30);
  const factory = createEventFactory(createRandom(11), sites, () => new Date());
  const base = Date.parse("2026-11-21T08:00:00.000Z");
  const list: DetectionEvent[] = [];
  for (let i = 0; list.length < EVENTS; i++) {
    const timestamp = new Date(base + i * 5).toISOString();
    if (i % 2 === 0) {
      const prepared = prepareEvent(factory.everyday(), { receiver: "bench" }, new Date());
      if (prepared.ok) list.push({ ...toLogEvent(prepared.row), timestamp });
      continue;
    }
    list.push({
      id: `w-${i}`,
      timestamp,
      site_id: pick(sites),
      source_type: "endpoint",
      event_type: "process_creation",
      severity: "info",
      source_ip: null,
      dest_ip: null,
      source_port: null,
      dest_port: null,
      hostname: `ws-${i % 300}`,
      username: "alice",
      message: "Process Create",
      normalized: {
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: pick([1, 1, 1, 3, 11, 13]),
        Image: `C:\\Windows\\System32\\${pick(BINARIES)}`,
        CommandLine: `${pick(BINARIES)} ${pick(TOKENS)} ${pick(TOKENS)}`,
      },
      metadata: {},
    });
  }
  return list;
}

/** The baseline: every rule offered every event (the engine before the index). */
async function everyRule(ruleSet: RuleSet, event: DetectionEvent, store: MemoryWindowStore) {
  const firings: Firing[] = [];
  for (const detector of ruleSet.detectors) {
    if (!detector.accepts(event)) continue;
    const firing = await detector.evaluate(event, store);
    if (firing) firings.push(firing);
  }
  return firings.length;
}

async function measure(name: string, ruleSet: RuleSet, stream: DetectionEvent[], indexed: boolean) {
  const store = new MemoryWindowStore();
  const cpuStart = process.cpuUsage();
  let firings = 0;
  for (const event of stream)
    firings += indexed
      ? (await evaluateEvent(ruleSet, event, store)).firings.length
      : await everyRule(ruleSet, event, store);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      run: name,
      rules: ruleSet.size,
      unindexed: ruleSet.index.unindexedCount,
      events: stream.length,
      firings,
      events_per_cpu_s: Math.round(stream.length / seconds),
    }),
  );
}

const parse = (rules: readonly RuleCreateInput[]) =>
  rules.map((rule, index) => ({ ...RuleCreateSchema.parse(rule), id: `rule-${index}` }));
const defaults = RuleSet.from(parse(DEFAULT_RULES));
const many = RuleSet.from(
  parse([...DEFAULT_RULES, ...Array.from({ length: 2_500 }, (_, i) => sigmaShaped(i))]),
);
if (many.rejected.length) throw new Error(`rules rejected: ${JSON.stringify(many.rejected.slice(0, 3))}`);
log("compiled");
const stream = events();
log("events ready");
await measure("13 default rules, index", defaults, stream, true);
await measure("2,513 rules, index", many, stream, true);
if (existsSync(SIGMA_RULES)) {
  const folders = ["windows", "linux", "network", "web"];
  const files = folders.flatMap((folder) =>
    readdirSync(path.join(SIGMA_RULES, folder), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".yml"))
      .map((name) => ({ name, text: readFileSync(path.join(SIGMA_RULES, folder, name), "utf8") })),
  );
  const sigma = convertSigmaFiles(files, SHIPPED_PIPELINES).rules.filter((rule) => rule.sources.length > 0);
  const sigmaRules = parse(DEFAULT_RULES).concat(
    sigma.map(({ rule }, index) => ({ ...rule, id: `sigma-${index}` })),
  );
  let started = performance.now();
  const sigmaSet = RuleSet.from(sigmaRules);
  const compileAllMs = performance.now() - started;
  // What the engine does when an admin edits one rule: build the set again from the previous one.
  started = performance.now();
  RuleSet.from(
    sigmaRules.map((rule, index) => (index === 20 ? { ...rule, cooldown_seconds: 1 } : rule)),
    sigmaSet,
  );
  const reloadMs = performance.now() - started;
  console.log(
    JSON.stringify({
      rules: sigmaSet.size,
      compile_all_ms: Math.round(compileAllMs),
      reload_after_one_edit_ms: Math.round(reloadMs),
    }),
  );
  await measure(
    `defaults + ${sigma.length} SigmaHQ rules (${folders.join(", ")}), index`,
    sigmaSet,
    stream,
    true,
  );
}
await measure("2,513 rules, every rule (baseline)", many, stream, false);
