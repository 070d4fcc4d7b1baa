/**
 * What `promtool check metrics` would say about a Prometheus text exposition (format 0.0.4), without
 * promtool: the text format's parsing rules (one HELP and one TYPE per family, before its samples, a
 * family's samples together, valid names, escapes and values, complete histograms) and the lint rules
 * promtool applies to each family (help text, base units, `_total` on counters only, reserved suffixes
 * and labels, no type or unit abbreviation in names, no colons, snake_case, no duplicate series).
 */

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
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

/** One sample line, parsed. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its HELP, TYPE and samples. */
export interface Family {
  name: string;
  help?: string;
  type: string;
  samples: Sample[];
}

const SAMPLE = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/;

/** Parses label pairs (`a="x",b="y\"z"`), or returns the problem. */
function parseLabels(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  const pair = /\s*([^=\s]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  while (pair.lastIndex < text.length) {
    const start = pair.lastIndex;
    const match = pair.exec(text);
    if (!match) return `malformed labels at "${text.slice(start)}"`;
    const [, name = "", raw = ""] = match;
    if (!LABEL_NAME.test(name) || name.startsWith("__")) return `invalid label name "${name}"`;
    if (name in labels) return `duplicate label "${name}"`;
    const escaped = [...raw.matchAll(/\\(.)/g)].map((m) => m[1]);
    if (escaped.some((c) => c !== "\\" && c !== '"' && c !== "n")) return `invalid escape in label "${name}"`;
    labels[name] = raw.replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function parseValue(text: string): number | null {
  if (text === "NaN") return Number.NaN;
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
}

/** The family a sample belongs to: `x_bucket`, `x_sum`, `x_count` belong to histogram or summary `x`. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : null;
    const type = base ? families.get(base)?.type : undefined;
    if (base && (type === "histogram" || (type === "summary" && suffix !== "_bucket"))) return base;
  }
  return name;
}

/** Parses the exposition; `problems` lists every violation of the text format. */
export function parseExposition(text: string): { families: Map<string, Family>; problems: string[] } {
  const families = new Map<string, Family>();
  const problems: string[] = [];
  const closed = new Set<string>();
  let current: string | null = null;
  const enter = (name: string) => {
    if (current === name) return;
    if (current) closed.add(current);
    if (closed.has(name)) problems.push(`${name}: its lines are not grouped together`);
    current = name;
  };
  const family = (name: string) => {
    const found = families.get(name) ?? { name, type: "untyped", samples: [] };
    families.set(name, found);
    return found;
  };
  const seen = { help: new Set<string>(), type: new Set<string>() };
  for (const [index, line] of text.split("\n").entries()) {
    const where = `line ${index + 1}`;
    if (line.trim() === "") continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
    if (meta) {
      const [, kind = "", name = "", rest = ""] = meta;
      if (!METRIC_NAME.test(name)) problems.push(`${where}: invalid metric name "${name}"`);
      enter(name);
      const f = family(name);
      if (kind === "HELP") {
        if (seen.help.has(name)) problems.push(`${name}: second HELP line`);
        seen.help.add(name);
        f.help = rest;
      } else {
        if (seen.type.has(name)) problems.push(`${name}: second TYPE line`);
        if (f.samples.length) problems.push(`${name}: TYPE after its samples`);
        if (!TYPES.has(rest.trim())) problems.push(`${name}: unknown type "${rest}"`);
        seen.type.add(name);
        f.type = rest.trim();
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) {
      problems.push(`${where}: not a sample: ${line}`);
      continue;
    }
    const [, name = "", labelText = "", valueText = ""] = match;
    if (!METRIC_NAME.test(name)) problems.push(`${where}: invalid metric name "${name}"`);
    const labels = parseLabels(labelText);
    const value = parseValue(valueText);
    if (typeof labels === "string") problems.push(`${where}: ${labels}`);
    if (value === null) problems.push(`${where}: invalid value "${valueText}"`);
    const owner = familyOf(name, families);
    enter(owner);
    family(owner).samples.push({ name, labels: typeof labels === "string" ? {} : labels, value: value ?? 0 });
  }
  for (const f of families.values()) problems.push(...checkSamples(f));
  return { families, problems };
}

const seriesKey = (s: Sample, omit?: string) =>
  `${s.name}{${Object.entries(s.labels)
    .filter(([k]) => k !== omit)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}}`;

/** Sample-level rules: no duplicate series, counters not negative, histograms complete and cumulative. */
function checkSamples(f: Family): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const s of f.samples) {
    const key = seriesKey(s);
    if (keys.has(key)) problems.push(`${f.name}: duplicate series ${key}`);
    keys.add(key);
    if (f.type === "counter" && s.value < 0) problems.push(`${f.name}: negative counter ${key}`);
  }
  if (f.type === "histogram") problems.push(...checkHistogram(f));
  return problems;
}

function checkHistogram(f: Family): string[] {
  const problems: string[] = [];
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const key = seriesKey({ ...s, name: "" }, "le");
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (s.name === `${f.name}_bucket`) {
      const le = s.labels.le === undefined ? null : parseValue(s.labels.le);
      if (le === null) problems.push(`${f.name}: bucket without a valid "le"`);
      else group.buckets.push([le, s.value]);
    } else if (s.name === `${f.name}_count`) group.count = s.value;
    else if (s.name !== `${f.name}_sum`) problems.push(`${f.name}: unexpected sample ${s.name}`);
  }
  for (const [labels, { buckets, count }] of groups) {
    const key = labels === "{}" ? "" : labels;
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Number.POSITIVE_INFINITY) problems.push(`${f.name}${key}: no +Inf bucket`);
    else if (count !== undefined && inf[1] !== count) problems.push(`${f.name}${key}: _count ≠ +Inf bucket`);
    if (sorted.some(([, v], i) => i > 0 && v < (sorted[i - 1]?.[1] ?? 0)))
      problems.push(`${f.name}${key}: buckets are not cumulative`);
  }
  return problems;
}

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
