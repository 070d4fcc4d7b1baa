import type { RuleCreateInput } from "@vigie/contracts";

const EVENT_TYPES = [
  "login_failure",
  "firewall_deny",
  "dns_query",
  "connection_allowed",
  "ids_alert",
  "process_execution",
  "flow",
  "login_success",
  "av_scan_completed",
];
const GROUPS = ["source_ip", "hostname", "username", "dest_ip"];

/** 37 rules that, with the 13 of the default pack, make the benchmark's 50: one trigger rule and 36 mixed ones. */
export function benchRules(): RuleCreateInput[] {
  const trigger: RuleCreateInput = {
    name: "Bench trigger",
    rule_type: "threshold",
    severity: "info",
    conditions: {
      event_filter: { event_type: "bench_trigger" },
      threshold: 1,
      window_seconds: 60,
      group_by: "hostname",
    },
    actions: [{ type: "log" }],
  };
  const mixed = Array.from({ length: 36 }, (_, i): RuleCreateInput => {
    const event_type = EVENT_TYPES[i % EVENT_TYPES.length]!;
    const group_by = GROUPS[i % GROUPS.length]!;
    const base = { name: `Bench rule ${i}`, severity: "medium" as const, cooldown_seconds: 300 };
    if (i % 3 === 0) {
      return {
        ...base,
        rule_type: "threshold",
        conditions: {
          event_filter: { event_type, site_id: `AUDIO_${String((i % 30) + 1).padStart(3, "0")}` },
          threshold: 20 + i,
          window_seconds: 120,
          group_by,
        },
      };
    }
    if (i % 3 === 1) {
      return {
        ...base,
        rule_type: "aggregation",
        conditions: {
          event_filter: { event_type },
          aggregation_field: "dest_port",
          threshold: 15 + i,
          window_seconds: 300,
          group_by,
        },
      };
    }
    const next = EVENT_TYPES[(i + 1) % EVENT_TYPES.length]!;
    return {
      ...base,
      rule_type: "sequence",
      conditions: {
        steps: [
          { event_filter: { event_type }, count: 3 },
          { event_filter: { event_type: next }, count: 1 },
        ],
        window_seconds: 600,
        group_by,
      },
    };
  });
  return [trigger, ...mixed];
}
