/**
 * The Prometheus text exposition format (0.0.4) as promtool's parser reads it: one HELP and one TYPE
 * per family, before its samples, a family's lines together, valid names, label escapes and values,
 * no duplicate series, counters not negative, histograms with a +Inf bucket and cumulative buckets.
 */

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
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

/** Reads an exposition line by line, remembering what the format's rules need. */
class ExpositionReader {
  readonly families = new Map<string, Family>();
  readonly problems: string[] = [];
  private readonly closed = new Set<string>();
  private readonly seen = { HELP: new Set<string>(), TYPE: new Set<string>() };
  private current: string | null = null;

  line(line: string, where: string): void {
    if (line.trim() === "") return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
    if (meta) {
      this.meta(meta[1] as "HELP" | "TYPE", meta[2] ?? "", meta[3] ?? "", where);
      return;
    }
    if (line.startsWith("#")) return;
    const match = SAMPLE.exec(line);
    if (!match) {
      this.problems.push(`${where}: not a sample: ${line}`);
      return;
    }
    const [, name = "", labelText = "", valueText = ""] = match;
    if (!METRIC_NAME.test(name)) this.problems.push(`${where}: invalid metric name "${name}"`);
    const labels = parseLabels(labelText);
    const value = parseValue(valueText);
    if (typeof labels === "string") this.problems.push(`${where}: ${labels}`);
    if (value === null) this.problems.push(`${where}: invalid value "${valueText}"`);
    const owner = familyOf(name, this.families);
    this.enter(owner);
    this.family(owner).samples.push({
      name,
      labels: typeof labels === "string" ? {} : labels,
      value: value ?? 0,
    });
  }

  private meta(kind: "HELP" | "TYPE", name: string, rest: string, where: string): void {
    if (!METRIC_NAME.test(name)) this.problems.push(`${where}: invalid metric name "${name}"`);
    this.enter(name);
    const f = this.family(name);
    if (this.seen[kind].has(name)) this.problems.push(`${name}: second ${kind} line`);
    this.seen[kind].add(name);
    if (kind === "HELP") f.help = rest;
    else {
      if (f.samples.length) this.problems.push(`${name}: TYPE after its samples`);
      if (!TYPES.has(rest.trim())) this.problems.push(`${name}: unknown type "${rest}"`);
      f.type = rest.trim();
    }
  }

  // A family's lines must come together: entering a family already left is a problem.
  private enter(name: string): void {
    if (this.current === name) return;
    if (this.current) this.closed.add(this.current);
    if (this.closed.has(name)) this.problems.push(`${name}: its lines are not grouped together`);
    this.current = name;
  }

  private family(name: string): Family {
    const found = this.families.get(name) ?? { name, type: "untyped", samples: [] };
    this.families.set(name, found);
    return found;
  }
}

/** Parses the exposition; `problems` lists every violation of the text format. */
export function parseExposition(text: string): { families: Map<string, Family>; problems: string[] } {
  const reader = new ExpositionReader();
  for (const [index, line] of text.split("\n").entries()) reader.line(line, `line ${index + 1}`);
  const problems = [...reader.problems];
  for (const f of reader.families.values()) problems.push(...checkSamples(f));
  return { families: reader.families, problems };
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
