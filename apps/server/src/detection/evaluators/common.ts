import { stateSpanSeconds } from "@vigie/contracts";
import { compileGroupReader, type EventGroup, type GroupReader, groupOfKey } from "../match.ts";
import type { TallyOptions, WindowEntry, WindowStore, WindowTally } from "../state/window-store.ts";
import type { DetectionEvent, DetectionRule, Firing } from "../types.ts";

/** Most event ids a firing carries; its count stays exact. */
export const MAX_MATCHED_IDS = 100;

/** What every evaluator compiles from a rule version: where its state lives, its window, cooldown and groups. */
export interface RuleFrame {
  readonly rule_id: string;
  /** Prefix of the rule version's state keys: editing the conditions starts from empty windows. */
  readonly keyPrefix: string;
  readonly windowMs: number;
  readonly cooldownMs: number;
  readonly groupOf: GroupReader;
  /** The group a window key of this rule version names (for windows judged when they close). */
  readonly groupOfKey: (key: string) => EventGroup | null;
}

/** A group's window as the event under evaluation sees it. */
export interface OpenWindow {
  readonly key: string;
  readonly group: EventGroup;
  /** The entry this evaluation recorded: the firing gate checks the window still holds it. */
  readonly entry: WindowEntry;
  /** Event time the window ends at. */
  readonly end: number;
  /** Its counts, enough to tell most evaluations that the condition is not met without reading it. */
  readonly tally: WindowTally;
}

/** FNV-1a: a short, stable fingerprint of a rule's conditions, the same on every node. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** The prefix of a rule version's state keys: the rule and a fingerprint of its type and conditions. */
export function stateKeyPrefix(rule: DetectionRule): string {
  return `${rule.id}:${fingerprint(JSON.stringify([rule.rule_type, rule.conditions]))}:`;
}

/** Compiles the parts every rule type shares. */
export function compileFrame(rule: DetectionRule): RuleFrame {
  const keyPrefix = stateKeyPrefix(rule);
  return {
    rule_id: rule.id,
    keyPrefix,
    windowMs: stateSpanSeconds(rule.conditions) * 1000,
    cooldownMs: rule.cooldown_seconds * 1000,
    groupOf: compileGroupReader(rule.conditions),
    groupOfKey: (key) =>
      key.startsWith(keyPrefix) ? groupOfKey(rule.conditions, key.slice(keyPrefix.length)) : null,
  };
}

/**
 * Records an accepted event in its group's window and returns the window it completes, or null when the
 * event has no group or valid time, or the group is cooling down (suppressed events are not recorded).
 * A late event is judged in the window ending at the newest entry less than one window after it, so an
 * event that arrives slightly out of order still completes the window it belongs to.
 */
export async function recordInWindow(
  frame: RuleFrame,
  store: WindowStore,
  event: DetectionEvent,
  options: { tag?: string; tally?: TallyOptions; group?: EventGroup | null } = {},
): Promise<OpenWindow | null> {
  const placed = placeEvent(frame, event, options.tag, options.group);
  if (!placed) return null;
  const { key, group, entry } = placed;
  const tally = await store.recordAndTally(key, entry, frame.windowMs, options.tally);
  return tally && { key, group, entry, end: tally.end, tally };
}

/** Where an event goes: its group's key and the entry it becomes; null without a group or a valid time. */
export function placeEvent(
  frame: RuleFrame,
  event: DetectionEvent,
  tag?: string,
  group: EventGroup | null = frame.groupOf(event),
): { key: string; group: EventGroup; entry: WindowEntry } | null {
  const ts = Date.parse(event.timestamp);
  if (group === null || Number.isNaN(ts)) return null;
  const entry = tag === undefined ? { event_id: event.id, ts } : { event_id: event.id, ts, tag };
  return { key: frame.keyPrefix + group.key, group, entry };
}

/**
 * The entries of the window, read once its tally says the condition may be met. On a shared store another
 * node may have changed the window since the tally, so evaluators check their condition again on what they
 * read; the firing gate still lets one firing through.
 */
export function windowEntries(
  frame: RuleFrame,
  store: WindowStore,
  window: OpenWindow,
): Promise<WindowEntry[]> {
  return store.entries(window.key, window.end - frame.windowMs, window.end);
}

/**
 * Starts the group's cooldown and empties its window, so the same events cannot fire again, and builds
 * the firing; null when another evaluation (on another node) fired on this window first.
 */
export async function fire(
  frame: RuleFrame,
  store: WindowStore,
  window: OpenWindow,
  matched: readonly WindowEntry[],
  event: DetectionEvent,
): Promise<Firing | null> {
  const until = window.end + frame.cooldownMs;
  if (!(await store.claimFiring(window.key, window.entry, window.end, until))) return null;
  return firingOf(frame, window.group, matched, window.end, event.site_id);
}

/** The firing of a rule for a group, at event time `end`, listing the matched entries. */
export function firingOf(
  frame: RuleFrame,
  group: EventGroup,
  matched: readonly WindowEntry[],
  end: number,
  siteId: string | null,
): Firing {
  return {
    rule_id: frame.rule_id,
    group_value: group.value,
    group_fields: group.fields,
    matched_event_ids: matched.slice(-MAX_MATCHED_IDS).map((entry) => entry.event_id),
    matched_event_count: matched.length,
    event_time: new Date(end).toISOString(),
    site_id: siteId,
  };
}
