/**
 * How much of SigmaHQ Vigie can run: every rule of ../shared/data/sigma (rules, rules-emerging-threats,
 * rules-threat-hunting) read, converted into the condition language and checked by the rule schema.
 * Prints the share that converts (target ≥ 98 %), the share with a matching source, the rules by
 * logsource without a source, and a table of what is unsupported, by reason. Then the correlation rules:
 * those found in these folders, and the specification's correlation examples
 * (../shared/data/sigma-specification/correlation-examples) planned over the base rules Vigie's tests write
 * for them (apps/server/test/fixtures/sigma-correlations/bases*.yml): what each becomes, or why not.
 * Run: npm run bench:sigma  (VIGIE_SHARED_DATA overrides the data folder).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { convertSigmaFiles, type SigmaFile } from "../apps/server/src/sigma/batch.ts";
import { logsourceKey, SHIPPED_PIPELINES } from "../apps/server/src/sigma/pipelines/index.ts";
import { planSigmaImport } from "../apps/server/src/sigma/plan.ts";

const DATA = process.env.VIGIE_SHARED_DATA ?? join(import.meta.dirname, "../../shared/data");
const FOLDERS = ["rules", "rules-emerging-threats", "rules-threat-hunting"];

/** Every `.yml` file under a folder. */
function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".yml"))
    .map((name) => join(folder, name));
}

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(1)} %`;
const tally = (keys: string[]) => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
};

const root = join(DATA, "sigma");
const files: SigmaFile[] = FOLDERS.flatMap((folder) => yamlFiles(join(root, folder))).map((path) => ({
  name: relative(root, path),
  text: readFileSync(path, "utf8"),
}));
const started = performance.now();
const result = convertSigmaFiles(files, SHIPPED_PIPELINES);
const elapsed = performance.now() - started;
const converted = result.rules.length;
const total = converted + result.skipped.length + result.correlations.length;
const sourced = result.rules.filter((rule) => rule.sources.length > 0).length;

console.log(`Sigma rules read: ${total} in ${files.length} files (${elapsed.toFixed(0)} ms)`);
console.log(`converted and valid: ${converted} (${percent(converted, total)})`);
console.log(
  `with a matching source: ${sourced} (${percent(sourced, total)} of all, ${percent(sourced, converted)} of converted)`,
);
console.log("\n| unsupported, by reason | rules |\n|---|---|");
for (const [reason, count] of tally(result.skipped.map((s) => s.reason)))
  console.log(`| ${reason} | ${count} |`);
console.log("\n| no matching source, by logsource (product/category/service) | rules |\n|---|---|");
const unsourced = result.rules.filter((rule) => rule.sources.length === 0);
for (const [key, count] of tally(unsourced.map((rule) => logsourceKey(rule.origin.logsource))).slice(0, 25))
  console.log(`| ${key} | ${count} |`);
if (process.env.VERBOSE)
  for (const skip of result.skipped) console.log(`${skip.file} ${skip.path}: ${skip.message}`);

console.log(`\ncorrelation rules in these folders: ${result.correlations.length}`);
const examples = join(DATA, "sigma-specification/correlation-examples");
const bases = join(import.meta.dirname, "../apps/server/test/fixtures/sigma-correlations");
console.log("\n| specification example | Sigma type | Vigie rule | conditions |\n|---|---|---|---|");
for (const name of readdirSync(examples)
  .filter((file) => file.endsWith(".yml"))
  .sort()) {
  const base = name.includes("ecs") ? "bases-ecs.yml" : "bases.yml";
  const exampleFiles = [
    { name: base, text: readFileSync(join(bases, base), "utf8") },
    { name, text: readFileSync(join(examples, name), "utf8") },
  ];
  let made = 0;
  const plan = await planSigmaImport(convertSigmaFiles(exampleFiles, SHIPPED_PIPELINES), {
    storedByReference: async () => [],
    existingBySigmaId: async () => new Map(),
    rulesById: async () => [],
    newId: () => `00000000-0000-4000-8000-${String(++made).padStart(12, "0")}`,
  });
  const problems = [...plan.skipped, ...plan.invalid].filter((issue) => issue.file === name);
  for (const issue of problems)
    console.log(`| ${name} | - | not imported | ${issue.reason}: ${issue.message} |`);
  for (const rule of plan.rules.filter((planned) => planned.file === name && planned.origin.correlation)) {
    const { event_filter: _filter, steps, ...rest } = rule.rule.conditions as Record<string, unknown>;
    const shown = steps ? { steps: (steps as { count: number }[]).map((step) => step.count), ...rest } : rest;
    console.log(
      `| ${name} | ${rule.origin.correlation} | ${rule.rule.rule_type} | \`${JSON.stringify(shown)}\` |`,
    );
  }
}
