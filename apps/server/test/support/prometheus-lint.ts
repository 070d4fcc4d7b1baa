import { type Family, parseExposition } from "./prometheus-text.ts";

/**
 * What `promtool check metrics` would say about a Prometheus text exposition, without promtool: the
 * format's rules (prometheus-text.ts) and the lint rules promtool applies to each family (help text,
 * base units, `_total` on counters only, reserved suffixes and labels, no type or unit abbreviation
 * in names, no colons, snake_case).
 */

const TYPE_WORDS = ["counter", "gauge", "histogram", "summary", "gauge_histogram"];
const CAMEL = /[a-z][A-Z]/;
const ABBREVIATIONS = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];
const BASE_UNITS: Record<string, string> = {
  amperes: "amperes",
  bytes: "bytes",
  celsius: "celsius",
  grams: "grams",
  joules: "joules",
  kelvin: "kelvin",
  meters: "meters",
  metres: "metres",
  seconds: "seconds",
  volts: "volts",
  minutes: "seconds",
  hours: "seconds",
  days: "seconds",
  weeks: "seconds",
  kelvins: "kelvin",
  fahrenheit: "celsius",
  rankine: "celsius",
  inches: "meters",
  yards: "meters",
  miles: "meters",
  bits: "bytes",
  calories: "joules",
  pounds: "grams",
  ounces: "grams",
};
const UNIT_PREFIXES = [
  "pico",
  "nano",
  "micro",
  "milli",
  "centi",
  "deci",
  "deca",
  "hecto",
  "kilo",
  "kibi",
].concat(["mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi"]);

/** The unit a name spells (a word of it, possibly with an SI prefix) and its base unit. */
function unitOf(name: string): { unit: string; base: string } | null {
  for (const word of name.split("_")) {
    if (BASE_UNITS[word]) return { unit: word, base: BASE_UNITS[word] };
    for (const prefix of UNIT_PREFIXES) {
      const base = word.startsWith(prefix) ? BASE_UNITS[word.slice(prefix.length)] : undefined;
      if (base) return { unit: word, base };
    }
  }
  return null;
}

const hasWord = (name: string, word: string) => name.includes(`_${word}_`) || name.endsWith(`_${word}`);

/** promtool's lint rules for one family. */
export function lintFamily(f: Family): string[] {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${f.name}: ${problem}`);
  const lower = f.name.toLowerCase();
  const typed = f.type !== "untyped";
  if (f.help === undefined || f.help.trim() === "") say("no help text");
  const unit = unitOf(f.name);
  if (unit && unit.unit !== unit.base) say(`use base unit "${unit.base}" instead of "${unit.unit}"`);
  if (f.type === "counter" && !f.name.endsWith("_total")) say('counter metrics should have "_total" suffix');
  if (typed && f.type !== "counter" && f.name.endsWith("_total"))
    say('non-counter metrics should not have "_total" suffix');
  if (typed && f.type !== "gauge" && f.name.endsWith("_timestamp_seconds"))
    say('non-gauge metrics should not have "_timestamp_seconds" suffix');
  if (typed && f.type !== "histogram" && f.name.endsWith("_bucket")) say('non-histogram: "_bucket" suffix');
  for (const suffix of ["_count", "_sum"])
    if (typed && !["histogram", "summary"].includes(f.type) && f.name.endsWith(suffix))
      say(`non-histogram and non-summary metrics should not have "${suffix}" suffix`);
  const labelNames = new Set(f.samples.flatMap((s) => Object.keys(s.labels)));
  if (typed && f.type !== "histogram" && labelNames.has("le")) say('non-histogram metrics: "le" label');
  if (typed && f.type !== "summary" && labelNames.has("quantile"))
    say('non-summary metrics: "quantile" label');
  for (const word of TYPE_WORDS)
    if (hasWord(lower, word)) say(`metric name should not include type '${word}'`);
  if (f.name.includes(":")) say("metric names should not contain ':'");
  if (CAMEL.test(f.name)) say("metric names should be written in 'snake_case' not 'camelCase'");
  if ([...labelNames].some((l) => CAMEL.test(l))) say("label names should be written in 'snake_case'");
  if (ABBREVIATIONS.some((a) => hasWord(lower, a))) say("metric names should not contain abbreviated units");
  return problems;
}

/** Every problem promtool's parser and linter would report for this exposition (empty when clean). */
export function checkMetrics(text: string): string[] {
  const { families, problems } = parseExposition(text);
  for (const f of families.values()) problems.push(...lintFamily(f));
  return problems;
}
