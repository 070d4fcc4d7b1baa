/**
 * How much of SigmaHQ Vigie can run: every rule of ../shared/data/sigma (rules, rules-emerging-threats,
 * rules-threat-hunting) read, converted into the condition language and checked by the rule schema.
 * Prints the share that converts (target ≥ 98 %), the share with a matching source, the rules by
 * logsource without a source, and a table of what is unsupported, by reason.
 * Run: npm run bench:sigma  (VIGIE_SHARED_DATA overrides the data folder).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { convertSigmaFiles, type SigmaFile } from "../apps/server/src/sigma/batch.ts";
import { logsourceKey, SHIPPED_PIPELINES } from "../apps/server/src/sigma/pipelines/index.ts";

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
