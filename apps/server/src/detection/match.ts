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

/**
 * Compiles the group reader of a rule: the site (unless `across_sites`) and every `group_by` field are
 * part of the key; an event without a value for one of the fields is skipped (an event without a site
 * is grouped under the empty site).
 */
export function compileGroupReader(spec: GroupSpec): GroupReader {
  const names = groupByFields(spec.group_by);
  const readers = names.map((name) => ({ name, read: compileFieldReader(name) }));
  const withSite = !spec.across_sites;
  return (event) => {
    const fields: Record<string, string> = {};
    const parts: string[] = [];
    if (withSite) {
      fields.site_id = event.site_id ?? "";
      parts.push(event.site_id ?? "");
    }
    for (const { name, read } of readers) {
      const text = scalarText(read(event));
      if (text === null) return null;
      fields[name] = text;
      parts.push(text);
    }
    const shown = parts.filter((part) => part !== "");
    return { key: JSON.stringify(parts), value: shown.length ? shown.join(" / ") : GLOBAL_GROUP, fields };
  };
}

/** One-off group of an event, null when it lacks a group-by value (the rule skips it). */
export function groupOf(event: DetectionEvent, spec: GroupSpec): EventGroup | null {
  return compileGroupReader(spec)(event);
}
