import { type GroupBy, groupByFields, type RuleFilter } from "@vigie/contracts";
import { asCondition, ConditionError, compileCondition, type EventPredicate } from "./conditions/compile.ts";
import { compileFieldReader } from "./conditions/fields.ts";
import { type Requirements, requirementsOf } from "./conditions/requirements.ts";
import type { DetectionEvent } from "./types.ts";

export type { EventPredicate } from "./conditions/compile.ts";

/** What an event must hold to pass any of the filters (several: a sequence's steps). */
export function filterRequirements(...filters: RuleFilter[]): Requirements {
  return requirementsOf({ any: filters.map(asCondition) });
}
export { compileFieldReader, type FieldReader } from "./conditions/fields.ts";

/** An event's group: the window key part, what an alert shows, and the value of each group field. */
export interface EventGroup {
  /** Unambiguous key of the group (the site first unless the rule groups across sites). */
  readonly key: string;
  /** What an alert shows: the site and the field values, " / " between them; "*" for one global group. */
  readonly value: string;
  /** The site (unless across sites) and each group-by field, with the event's value. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A compiled read of an event's group; null means the rule skips the event. */
export type GroupReader = (event: DetectionEvent) => EventGroup | null;

/** The group of every event of a rule without `group_by` that groups across sites. */
export const GLOBAL_GROUP = "*";

/**
 * Compiles a rule's filter (a condition tree or the legacy equality object) into a predicate, once per
 * rule version; a part that cannot compile throws a `ConditionError` placed under `where`.
 */
export function compileFilter(filter: RuleFilter, where = "event_filter"): EventPredicate {
  try {
    return compileCondition(asCondition(filter));
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    throw new ConditionError(error.path ? `${where}.${error.path}` : where, error.reason);
  }
}

/** One-off filter test; the engine compiles its filters instead. */
export function matchesFilter(event: DetectionEvent, filter: RuleFilter): boolean {
  return compileFilter(filter)(event);
}

/** The text of a scalar field value, or null when it is empty, missing or not a scalar. */
export function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** How a rule groups its events. */
export interface GroupSpec {
  group_by: GroupBy;
  across_sites?: boolean;
}

/** The group of the key parts (the site first unless across sites, then each group-by value). */
function groupOfParts(names: readonly string[], withSite: boolean, parts: readonly string[]): EventGroup {
  const fields: Record<string, string> = {};
  if (withSite) fields.site_id = parts[0] ?? "";
  names.forEach((name, index) => {
    fields[name] = parts[index + (withSite ? 1 : 0)] ?? "";
  });
  const shown = parts.filter((part) => part !== "");
  return { key: JSON.stringify(parts), value: shown.length ? shown.join(" / ") : GLOBAL_GROUP, fields };
}

/**
 * Compiles the group reader of a rule: the site (unless `across_sites`) and every `group_by` field are
 * part of the key; an event without a value for one of the fields is skipped (an event without a site
 * is grouped under the empty site). `aliases` read some group-by names from other fields (a sequence
 * step's Sigma aliases); the group still names them by the group-by name.
 */
export function compileGroupReader(
  spec: GroupSpec,
  aliases: Readonly<Record<string, string>> = {},
): GroupReader {
  const names = groupByFields(spec.group_by);
  const readers = names.map((name) => compileFieldReader(aliases[name] ?? name));
  const withSite = !spec.across_sites;
  return (event) => {
    const parts: string[] = withSite ? [event.site_id ?? ""] : [];
    for (const read of readers) {
      const text = scalarText(read(event));
      if (text === null) return null;
      parts.push(text);
    }
    return groupOfParts(names, withSite, parts);
  };
}

/** The group a window key names (the key's group part, as `compileGroupReader` made it), or null. */
export function groupOfKey(spec: GroupSpec, groupKey: string): EventGroup | null {
  let parts: unknown;
  try {
    parts = JSON.parse(groupKey);
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === "string")) return null;
  return groupOfParts(groupByFields(spec.group_by), !spec.across_sites, parts);
}

/** One-off group of an event, null when it lacks a group-by value (the rule skips it). */
export function groupOf(event: DetectionEvent, spec: GroupSpec): EventGroup | null {
  return compileGroupReader(spec)(event);
}
