import { z } from "zod";
import { fromAudioSocEventType } from "./audiosoc-vocabulary.ts";
import { SEVERITIES, type Severity, SOURCE_TYPES, type SourceType } from "./enums.ts";
import { MAX_RULE_COUNT, MAX_WINDOW_SECONDS, type ThresholdConditions } from "./rules.ts";

const TIMEFRAME = /^(\d{1,6})([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
type TimeUnit = keyof typeof UNIT_SECONDS;
/** Largest unit first, so a window is written the way a person would write it. */
const UNITS_DESCENDING: readonly TimeUnit[] = ["d", "h", "m", "s"];

/** Seconds in a AudioSOC v1 `timeframe` such as "10m" (`s|m|h|d`), or null when malformed or outside 1 s .. 1 d. */
export function parseTimeframe(timeframe: string): number | null {
  const match = TIMEFRAME.exec(timeframe);
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as TimeUnit];
  return seconds >= 1 && seconds <= MAX_WINDOW_SECONDS ? seconds : null;
}

/** The shortest AudioSOC v1 `timeframe` for a window: 600 → "10m", 90 → "90s". */
export function formatTimeframe(seconds: number): string {
  const unit = UNITS_DESCENDING.find((candidate) => seconds % UNIT_SECONDS[candidate] === 0) ?? "s";
  return `${seconds / UNIT_SECONDS[unit]}${unit}`;
}

/** A AudioSOC v1 rule's `condition` (CONTRACT §4.2); null fields mean "any". */
export const AudioSocConditionSchema = z.object({
  event_type: z.string().min(1).max(255).nullish(),
  source: z.enum(SOURCE_TYPES).nullish(),
  severity: z.enum(SEVERITIES).nullish(),
  site_id: z.string().min(1).max(255).nullish(),
  count: z.int().min(1).max(MAX_RULE_COUNT),
  timeframe: z
    .string()
    .refine(
      (timeframe) => parseTimeframe(timeframe) !== null,
      'must be a number and a unit s|m|h|d, e.g. "10m", at most 1d',
    ),
});
export type AudioSocCondition = z.output<typeof AudioSocConditionSchema>;

/** AudioSOC v1 condition fields and the event fields they filter on, in the order they are written. */
const AUDIOSOC_FILTER_FIELDS = [
  ["event_type", "event_type"],
  ["source", "source_type"],
  ["severity", "severity"],
  ["site_id", "site_id"],
] as const;

/** The native threshold conditions of a AudioSOC v1 condition (one global group), or null when its timeframe is invalid. */
export function audioSocConditionToThreshold(condition: AudioSocCondition): ThresholdConditions | null {
  const window = parseTimeframe(condition.timeframe);
  if (window === null) return null;
  const event_filter: Record<string, string> = {};
  for (const [seedField, eventField] of AUDIOSOC_FILTER_FIELDS) {
    const value = condition[seedField];
    // The client's own names (`auth_failure`) filter on Vigie's (`login_failure`), which its events are stored as.
    if (value != null)
      event_filter[eventField] = seedField === "event_type" ? fromAudioSocEventType(value) : value;
  }
  return {
    event_filter,
    threshold: condition.count,
    window_seconds: window,
    group_by: "",
    across_sites: false,
  };
}

/** Threshold conditions whose filter uses only the fields AudioSOC v1 knows, with string values. */
const AudioSocThresholdSchema = z.object({
  event_filter: z.strictObject({
    event_type: z.string().min(1).optional(),
    source_type: z.string().optional(),
    severity: z.string().optional(),
    site_id: z.string().min(1).optional(),
  }),
  threshold: z.int().min(1).max(MAX_RULE_COUNT),
  window_seconds: z.int().min(1).max(MAX_WINDOW_SECONDS),
  group_by: z.string(),
});

const asSourceType = (value: unknown) => SOURCE_TYPES.find((type) => type === value);
const asSeverity = (value: unknown) => SEVERITIES.find((severity) => severity === value);

/**
 * The AudioSOC v1 condition of a rule, or null when AudioSOC v1 cannot express it: not a threshold rule, a group,
 * or a filter on anything but event_type / source_type / severity / site_id.
 */
export function thresholdToAudioSocCondition(rule: {
  rule_type: string;
  conditions: unknown;
}): AudioSocCondition | null {
  if (rule.rule_type !== "threshold") return null;
  const parsed = AudioSocThresholdSchema.safeParse(rule.conditions);
  if (!parsed.success || parsed.data.group_by !== "") return null;
  const { event_filter: filter, threshold, window_seconds } = parsed.data;
  const source: SourceType | undefined = asSourceType(filter.source_type);
  const severity: Severity | undefined = asSeverity(filter.severity);
  if (filter.source_type !== undefined && !source) return null;
  if (filter.severity !== undefined && !severity) return null;
  return {
    ...(filter.event_type !== undefined && { event_type: filter.event_type }),
    ...(source && { source }),
    ...(severity && { severity }),
    ...(filter.site_id !== undefined && { site_id: filter.site_id }),
    count: threshold,
    timeframe: formatTimeframe(window_seconds),
  };
}
