import { type RuleCreateInput, RuleCreateSchema } from "@vigie/contracts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

/** Epoch of the test timelines: events are placed at `T0 + seconds`. */
export const T0 = Date.parse("2026-11-21T08:00:00.000Z");

let sequenceNumber = 0;

/** An event at `T0 + seconds`; ids sort in creation order, like the UUIDv7 ids of stored events. */
export function makeEvent(seconds: number, fields: Partial<DetectionEvent> = {}): DetectionEvent {
  sequenceNumber++;
  return {
    id: `evt-${String(sequenceNumber).padStart(8, "0")}`,
    timestamp: new Date(T0 + seconds * 1000).toISOString(),
    site_id: "AUDIO_001",
    source_type: "auth",
    event_type: "login_failure",
    severity: "medium",
    source_ip: "10.0.0.1",
    dest_ip: null,
    source_port: null,
    dest_port: null,
    hostname: "pc-01",
    username: "alice",
    normalized: {},
    metadata: {},
    ...fields,
  };
}

/** A validated rule as the engine receives it from storage. */
export function makeRule(rule: Omit<RuleCreateInput, "name" | "severity"> & { id?: string }): DetectionRule {
  const parsed = RuleCreateSchema.parse({ name: "test rule", severity: "high", ...rule });
  return { ...parsed, id: rule.id ?? "rule-1" };
}
