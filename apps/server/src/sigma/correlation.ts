import { BOUND_KEYS, type Bounds, BoundsSchema, MAX_WINDOW_SECONDS } from "@vigie/contracts";
import { SigmaRuleError } from "./types.ts";

/** Sigma's correlation types (specification 2.1, plus `value_median`). */
export const CORRELATION_TYPES = [
  "event_count",
  "value_count",
  "temporal",
  "temporal_ordered",
  "value_sum",
  "value_avg",
  "value_percentile",
  "value_median",
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** The types whose condition names a `field`. */
const WITH_FIELD: ReadonlySet<CorrelationType> = new Set([
  "value_count",
  "value_sum",
  "value_avg",
  "value_percentile",
  "value_median",
]);

/** A Sigma correlation's `correlation` section, read and checked. */
export interface SigmaCorrelationSpec {
  type: CorrelationType;
  /** The rules it correlates, by Sigma id or name, in order. */
  rules: string[];
  groupBy: string[];
  windowSeconds: number;
  /** The condition's comparisons; null when it has none (temporal: every rule). */
  bounds: Bounds | null;
  /** The condition's field (value_* types). */
  field: string | null;
  /** Alias → rule name → the field that rule's events hold it in. */
  aliases: Record<string, Record<string, string>>;
  /** Whether the rules it refers to also raise alerts of their own (Sigma `generate`, default false). */
  generate: boolean;
}

const SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
/** Why a valid correlation is skipped; the import counts these apart from invalid input. */
export const UNSUPPORTED = "correlation unsupported";

const invalid = (path: string, message: string) => new SigmaRuleError(path, message, "invalid correlation");
const unsupported = (path: string, message: string, why: string) =>
  new SigmaRuleError(path, message, `${UNSUPPORTED}: ${why}`);

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A string or a list of strings as a list; throws naming `path` otherwise. */
function names(value: unknown, path: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw invalid(path, "is required");
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => (typeof item === "string" && item.trim()) || typeof item === "number"))
    throw invalid(path, "must be a name or a list of names");
  return list.map((item) => String(item).trim());
}

/** `90m` → 5,400 seconds. */
function timespanOf(value: unknown): number {
  const match = typeof value === "string" ? /^(\d+)([smhd])$/.exec(value.trim()) : null;
  if (!match)
    throw invalid("correlation.timespan", "must be a number and one of s, m, h, d (for example 90m)");
  const seconds = Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS];
  if (seconds < 1) throw invalid("correlation.timespan", "must be at least one second");
  if (seconds > MAX_WINDOW_SECONDS)
    throw unsupported(
      "correlation.timespan",
      "Vigie's windows last at most one day",
      "timespan over one day",
    );
  return seconds;
}

/** The condition's bounds and field. */
function conditionOf(value: unknown, type: CorrelationType): { bounds: Bounds | null; field: string | null } {
  if (value === undefined && (type === "temporal" || type === "temporal_ordered"))
    return { bounds: null, field: null };
  if (!isMap(value)) throw invalid("correlation.condition", "must be a map such as {gte: 100}");
  const { field, ...comparisons } = value;
  for (const key of Object.keys(comparisons))
    if (!(BOUND_KEYS as readonly string[]).includes(key))
      throw invalid(`correlation.condition.${key}`, `unknown comparison (${BOUND_KEYS.join(", ")})`);
  const parsed = BoundsSchema.safeParse(comparisons);
  if (!parsed.success) throw invalid("correlation.condition", parsed.error.issues[0]?.message ?? "invalid");
  if (!WITH_FIELD.has(type)) {
    if (field !== undefined) throw invalid("correlation.condition.field", `${type} takes no field`);
    return { bounds: parsed.data, field: null };
  }
  const fields = names(field, "correlation.condition.field", true);
  if (fields.length > 1)
    throw unsupported("correlation.condition.field", "Vigie aggregates one field", "several fields");
  return { bounds: parsed.data, field: fields[0]! };
}

function aliasesOf(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw invalid("correlation.aliases", "must map each alias to {rule name: field}");
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, byRule] of Object.entries(value)) {
    if (!isMap(byRule) || !Object.values(byRule).every((field) => typeof field === "string" && field))
      throw invalid(`correlation.aliases.${alias}`, "must map rule names to field names");
    aliases[alias] = byRule as Record<string, string>;
  }
  return aliases;
}

/** Reads a correlation document's `correlation` section (and its `generate`); throws naming the part. */
export function readCorrelation(section: Record<string, unknown>, generate: unknown): SigmaCorrelationSpec {
  const type = section.type;
  if (typeof type !== "string") throw invalid("correlation.type", "is required");
  if (!(CORRELATION_TYPES as readonly string[]).includes(type))
    throw unsupported("correlation.type", `correlation type "${type}" is not supported`, `type ${type}`);
  const correlationType = type as CorrelationType;
  const rules = names(section.rules, "correlation.rules", true);
  if (!rules.length) throw invalid("correlation.rules", "must name at least one rule");
  const groupBy = names(section["group-by"], "correlation.group-by", false);
  const aliases = aliasesOf(section.aliases);
  for (const alias of Object.keys(aliases))
    if (!groupBy.includes(alias))
      throw invalid(`correlation.aliases.${alias}`, "an alias must be a group-by field");
  const flag = generate ?? section.generate ?? false;
  if (typeof flag !== "boolean") throw invalid("generate", "must be true or false");
  return {
    type: correlationType,
    rules,
    groupBy,
    windowSeconds: timespanOf(section.timespan),
    ...conditionOf(section.condition, correlationType),
    aliases,
    generate: flag,
  };
}
