import type { LogEvent, RuleOfType, RuleType } from "@vigie/contracts";
import type { Requirements } from "./conditions/requirements.ts";
import type { WindowStore } from "./state/window-store.ts";

/** The fields of a stored event the detection engine reads (a `LogEvent` is one). */
export type DetectionEvent = Pick<
  LogEvent,
  | "id"
  | "timestamp"
  | "site_id"
  | "source_type"
  | "event_type"
  | "severity"
  | "source_ip"
  | "dest_ip"
  | "source_port"
  | "dest_port"
  | "hostname"
  | "username"
  | "normalized"
  | "metadata"
> &
  /** What keyword tests and `raw.*` fields read; events from storage and the bus carry them. */
  Partial<Pick<LogEvent, "message" | "raw" | "raw_log">>;

type DetectionFields = "id" | "rule_type" | "conditions" | "cooldown_seconds" | "enabled";

/** The fields of a rule the engine needs (a stored `Rule` is one), its conditions typed by `rule_type`. */
export type DetectionRule<T extends RuleType = RuleType> = T extends RuleType
  ? Pick<RuleOfType<T>, DetectionFields>
  : never;

/** A rule whose condition was met for one group: what the caller turns into an alert. */
export interface Firing {
  rule_id: string;
  /** The group as an alert shows it: the site and the group-by values; `"*"` for one global group. */
  group_value: string;
  /** The site (unless the rule groups across sites) and each group-by field, with its value. */
  group_fields: Readonly<Record<string, string>>;
  /** The most recent matched events (at most `MAX_MATCHED_IDS`), oldest first. */
  matched_event_ids: string[];
  /** How many events matched, exactly. */
  matched_event_count: number;
  /** Event time (ISO) at which the condition was met. */
  event_time: string;
  /** Site of the event that completed the detection. */
  site_id: string | null;
}

/** One rule version compiled for evaluation. */
export interface Detector {
  readonly rule_id: string;
  /** Values some fields must hold for the rule to take an event: how the rule index files it. */
  readonly requirements: Requirements;
  /** Cheap, synchronous pre-check: most events are rejected here without touching the store. */
  accepts(event: DetectionEvent): boolean;
  /** Records an accepted event in its group's window and returns a firing when the condition is met. */
  evaluate(event: DetectionEvent, store: WindowStore): Promise<Firing | null>;
  /**
   * For a rule whose windows are judged when they close: judges the windows closed by event time `now`
   * (epoch ms). The engine calls it for every event it evaluates, before the rules evaluate the event.
   */
  closeDue?(now: number, store: WindowStore): Promise<Firing[]>;
  /**
   * For a rule whose state reaches further back than windows (first seen): how far, in event time. At
   * start the engine rebuilds it from the stored events of its required event types (docs/adr/0029).
   */
  readonly historyMs?: number;
  /** Tells the rule's state it knows the values of every event since `since` (its history was read). */
  knownSince?(since: number, store: WindowStore): Promise<void>;
}

/** The logic of one rule type: compiles a rule version once into a detector. */
export interface Evaluator<T extends RuleType = RuleType> {
  compile(rule: DetectionRule<T>): Detector;
}
