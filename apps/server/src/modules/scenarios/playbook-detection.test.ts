import { fileURLToPath } from "node:url";
import { type IngestEvent, type Playbook, RuleCreateSchema } from "@vigie/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { backtest } from "../../detection/backtest.ts";
import { DEFAULT_RULES } from "../../detection/default-rules.ts";
import type { DetectionEvent } from "../../detection/types.ts";
import { classifySeverity } from "../../ingest/classify.ts";
import { normalizedOf } from "../../ingest/prepare.ts";
import { type Catalogue, loadCatalogue, playbookEventRecord } from "./catalogue.ts";

/** The default rules each playbook is written to trip (CONTRACT §8, issue 7). */
const EXPECTED: Record<string, string[]> = {
  "ssh-brute-force-lateral-movement.yml": [
    "Brute Force Then Success",
    "Host Sweep",
    "Lateral Movement",
    "Multiple Failed Logins",
    "Port Scan Detected",
    "SSH Brute Force",
  ],
  "dns-tunnel-exfiltration.yml": ["DNS Tunneling Suspected", "Data Exfiltration"],
  "phishing-c2-beaconing.yml": ["C2 Beaconing", "Malware Detected", "Persistence Mechanism Installed"],
  "privilege-escalation-persistence.yml": [
    "Persistence Mechanism Installed",
    "Privilege Escalation",
    "Web Exploitation Attempt",
  ],
  "ransomware-reception-pc.yml": [
    "Audit Log Cleared",
    "Defender Real-Time Protection Disabled",
    "Encoded PowerShell",
    "Files Renamed to a Ransomware Extension",
    "Office Application Starting a Shell",
    "Scheduled Task Created",
    "Shadow Copies Deleted",
  ],
};

const START = Date.parse("2026-11-21T08:00:00.000Z");
const RULES = DEFAULT_RULES.map((rule, index) => ({
  ...RuleCreateSchema.parse(rule),
  id: `default-${index}`,
}));

/**
 * The playbook as the runner emits it at speed 1, with event time = cumulative delays × `stretch`
 * (1.2 is the runner's worst-case +20 % jitter on every delay), normalized and classified like ingest does.
 */
function replay(playbook: Playbook, stretch: number): DetectionEvent[] {
  let seconds = 0;
  return playbook.events.map((event, index) => {
    seconds += event.delay_seconds * stretch;
    const record = playbookEventRecord(event, playbook.site_id);
    const normalized = normalizedOf(record as IngestEvent);
    return {
      id: `evt-${String(index).padStart(4, "0")}`,
      timestamp: new Date(START + seconds * 1000).toISOString(),
      site_id: playbook.site_id,
      source_type: event.source_type,
      event_type: event.event_type,
      severity:
        event.severity ??
        classifySeverity({ event_type: event.event_type, message: event.message, normalized }),
      source_ip: event.source_ip,
      dest_ip: event.dest_ip,
      source_port: event.source_port ?? null,
      dest_port: event.dest_port ?? null,
      hostname: event.hostname ?? null,
      username: event.username ?? null,
      normalized,
      metadata: {},
    };
  });
}

/** Names of the default rules that would fire on the replayed playbook. */
async function firedRules(playbook: Playbook, stretch: number): Promise<string[]> {
  const events = replay(playbook, stretch);
  const fired: string[] = [];
  for (const rule of RULES) {
    if ((await backtest(rule, events)).alerts_would_fire > 0) fired.push(rule.name);
  }
  return fired.sort();
}

describe("each playbook trips the default rules it is written for", () => {
  let catalogue: Catalogue;
  beforeAll(async () => {
    catalogue = await loadCatalogue(fileURLToPath(new URL("../../../../../scenarios", import.meta.url)));
  });

  const cases = Object.keys(EXPECTED).flatMap((file) => [1, 1.2].map((stretch) => [file, stretch] as const));
  it.each(cases)("%s with delays × %s", async (file, stretch) => {
    const playbook = catalogue.playbooks.get(file);
    expect(playbook, file).toBeDefined();
    expect(await firedRules(playbook!, stretch)).toEqual(EXPECTED[file]);
  });
});
