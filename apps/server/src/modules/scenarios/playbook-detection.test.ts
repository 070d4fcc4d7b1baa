import { fileURLToPath } from "node:url";
import type { Playbook } from "@vigie/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { normalize } from "../../ingest/normalize/index.ts";
import { type Catalogue, loadCatalogue, playbookEventRecord } from "./catalogue.ts";

// A small equality/window checker with the semantics of CONTRACT §6, over the rules of the default
// pack that each playbook must trip. When the detection evaluators land, this is the place to
// replace it with them: the expectations below stay the same.

type Filter = Record<string, string>;
type Rule =
  | { type: "threshold"; filter: Filter; threshold: number; window: number; groupBy: string }
  | { type: "aggregation"; filter: Filter; field: string; threshold: number; window: number; groupBy: string }
  | { type: "sequence"; steps: { filter: Filter; count: number }[]; window: number; groupBy: string };
type ReplayedEvent = Record<string, unknown> & { time: number; normalized: Record<string, unknown> };

const once = (filter: Filter, groupBy: string): Rule => ({
  type: "threshold",
  filter,
  threshold: 1,
  window: 60,
  groupBy,
});

const DEFAULT_RULES: Record<string, Rule> = {
  "Multiple Failed Logins": {
    type: "threshold",
    filter: { event_type: "login_failure" },
    threshold: 5,
    window: 300,
    groupBy: "source_ip",
  },
  "SSH Brute Force": {
    type: "threshold",
    filter: { source_type: "auth", event_type: "login_failure", "normalized.service": "sshd" },
    threshold: 10,
    window: 120,
    groupBy: "source_ip",
  },
  "Brute Force Then Success": {
    type: "sequence",
    steps: [
      { filter: { event_type: "login_failure" }, count: 5 },
      { filter: { event_type: "login_success" }, count: 1 },
    ],
    window: 600,
    groupBy: "source_ip",
  },
  "Host Sweep": {
    type: "aggregation",
    filter: { source_type: "firewall" },
    field: "dest_ip",
    threshold: 10,
    window: 300,
    groupBy: "source_ip",
  },
  "DNS Tunneling Suspected": {
    type: "aggregation",
    filter: { source_type: "dns" },
    field: "normalized.query",
    threshold: 15,
    window: 300,
    groupBy: "source_ip",
  },
  "C2 Beaconing": {
    type: "threshold",
    filter: { event_type: "c2_communication" },
    threshold: 3,
    window: 900,
    groupBy: "source_ip",
  },
  "Privilege Escalation": once({ event_type: "privilege_escalation" }, "hostname"),
  "Persistence Mechanism Installed": once({ event_type: "persistence" }, "hostname"),
  "Lateral Movement": once({ event_type: "lateral_movement" }, "source_ip"),
  "Data Exfiltration": once({ event_type: "data_exfiltration" }, "source_ip"),
  "Malware Detected": once({ event_type: "malware_detected" }, "hostname"),
  "Port Scan Detected": once({ event_type: "port_scan" }, "source_ip"),
};

const EXPECTED: Record<string, string[]> = {
  "ssh-brute-force-lateral-movement.yml": [
    "Port Scan Detected",
    "Host Sweep",
    "Multiple Failed Logins",
    "SSH Brute Force",
    "Brute Force Then Success",
    "Lateral Movement",
  ],
  "dns-tunnel-exfiltration.yml": ["DNS Tunneling Suspected", "Data Exfiltration"],
  "phishing-c2-beaconing.yml": ["C2 Beaconing", "Malware Detected"],
  "privilege-escalation-persistence.yml": ["Privilege Escalation", "Persistence Mechanism Installed"],
};

function field(event: ReplayedEvent, path: string): unknown {
  return path.startsWith("normalized.") ? event.normalized[path.slice("normalized.".length)] : event[path];
}

function matches(filter: Filter, event: ReplayedEvent): boolean {
  return Object.entries(filter).every(([path, value]) => field(event, path) === value);
}

/** The playbook as the runner emits it, with event time = cumulative delays × stretch (the runner's jitter). */
function replay(playbook: Playbook, stretch: number): ReplayedEvent[] {
  let time = 0;
  return playbook.events.map((event) => {
    time += event.delay_seconds * stretch;
    const record = playbookEventRecord(event, playbook.site_id);
    return { ...record, time, normalized: normalize(event.source_type, record) };
  });
}

function groups(events: ReplayedEvent[], groupBy: string): ReplayedEvent[][] {
  const byValue = new Map<unknown, ReplayedEvent[]>();
  for (const event of events) {
    const value = field(event, groupBy);
    if (value === null || value === undefined || value === "") continue;
    byValue.set(value, [...(byValue.get(value) ?? []), event]);
  }
  return [...byValue.values()];
}

/** Whether some window starting at one of the group's events satisfies `enough`. */
function anyWindow(group: ReplayedEvent[], window: number, enough: (inWindow: ReplayedEvent[]) => boolean) {
  return group.some((start) =>
    enough(group.filter((e) => e.time >= start.time && e.time <= start.time + window)),
  );
}

function sequenceCompletes(steps: { filter: Filter; count: number }[], inWindow: ReplayedEvent[]): boolean {
  let step = 0;
  let seen = 0;
  for (const event of inWindow) {
    const current = steps[step];
    if (!current || !matches(current.filter, event)) continue;
    seen += 1;
    if (seen === current.count) [step, seen] = [step + 1, 0];
  }
  return step === steps.length;
}

function fires(rule: Rule, events: ReplayedEvent[]): boolean {
  if (rule.type === "sequence") {
    return groups(events, rule.groupBy).some((group) =>
      anyWindow(group, rule.window, (inWindow) => sequenceCompletes(rule.steps, inWindow)),
    );
  }
  const relevant = events.filter((event) => matches(rule.filter, event));
  const enough =
    rule.type === "threshold"
      ? (inWindow: ReplayedEvent[]) => inWindow.length >= rule.threshold
      : (inWindow: ReplayedEvent[]) =>
          new Set(inWindow.map((e) => field(e, rule.field)).filter((v) => v != null && v !== "")).size >=
          rule.threshold;
  return groups(relevant, rule.groupBy).some((group) => anyWindow(group, rule.window, enough));
}

describe("each playbook trips the default rules it is written for", () => {
  let catalogue: Catalogue;
  beforeAll(async () => {
    catalogue = await loadCatalogue(fileURLToPath(new URL("../../../../../scenarios", import.meta.url)));
  });

  const cases = Object.entries(EXPECTED).flatMap(([file, rules]) =>
    rules.flatMap((rule) => [1, 1.2].map((stretch) => [file, rule, stretch] as const)),
  );
  it.each(cases)("%s fires %s with delays × %s", (file, ruleName, stretch) => {
    const playbook = catalogue.playbooks.get(file);
    expect(playbook, file).toBeDefined();
    expect(fires(DEFAULT_RULES[ruleName]!, replay(playbook!, stretch))).toBe(true);
  });

  it("the checker is not vacuous: rules stay quiet on playbooks that do not carry their evidence", () => {
    const ssh = replay(catalogue.playbooks.get("ssh-brute-force-lateral-movement.yml")!, 1);
    const dns = replay(catalogue.playbooks.get("dns-tunnel-exfiltration.yml")!, 1);
    expect(fires(DEFAULT_RULES["DNS Tunneling Suspected"]!, ssh)).toBe(false);
    expect(fires(DEFAULT_RULES["C2 Beaconing"]!, ssh)).toBe(false);
    expect(fires(DEFAULT_RULES["SSH Brute Force"]!, dns)).toBe(false);
    expect(fires({ ...DEFAULT_RULES["SSH Brute Force"]!, threshold: 13 } as Rule, ssh)).toBe(false);
    expect(fires({ ...DEFAULT_RULES["SSH Brute Force"]!, window: 20 } as Rule, ssh)).toBe(false);
  });
});
