import { describe, expect, it } from "vitest";
import { readSigmaFile } from "../rule.ts";
import { type LogsourcePipeline, logsourceKey, mappingFor, SHIPPED_PIPELINES } from "./index.ts";

describe("logsource pipelines", () => {
  it("map process_creation to Sysmon 1 and Security 4688 with 4688's field names", () => {
    const mapping = mappingFor({ product: "windows", category: "process_creation" }, SHIPPED_PIPELINES);
    expect(mapping?.variants.map((v) => [v.source, v.events])).toEqual([
      ["Sysmon 1", { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1 }],
      ["Security 4688", { Channel: "Security", EventID: 4688 }],
    ]);
    expect(mapping?.variants[1]?.fields.Image).toBe("NewProcessName");
  });

  it.each([
    [{ product: "windows", service: "security" }],
    [{ product: "windows", category: "ps_script" }],
    [{ product: "windows", service: "windefend" }],
    [{ product: "linux", service: "auditd" }],
    [{ product: "linux", category: "process_creation" }],
    [{ product: "zeek", service: "dns" }],
    [{ category: "firewall" }],
    [{ category: "webserver" }],
    [{ category: "proxy" }],
  ])("ship a source for %o", (logsource) => {
    expect(mappingFor(logsource, SHIPPED_PIPELINES)).not.toBeNull();
  });

  it("have none for a logsource Vigie has no telemetry for", () => {
    expect(mappingFor({ product: "aws", service: "cloudtrail" }, SHIPPED_PIPELINES)).toBeNull();
  });

  it("let a later pipeline (an admin's) replace a shipped mapping", () => {
    const admin: LogsourcePipeline = {
      name: "clinic",
      description: "",
      sources: [
        {
          logsource: { product: "aws", service: "cloudtrail" },
          variants: [{ source: "CloudTrail", events: { source_type: "application" }, fields: {} }],
          fields: {},
        },
      ],
    };
    expect(
      mappingFor({ product: "aws", service: "cloudtrail" }, [...SHIPPED_PIPELINES, admin])?.variants[0]
        ?.source,
    ).toBe("CloudTrail");
  });

  it("select events with valid Sigma search identifiers", () => {
    for (const pipeline of SHIPPED_PIPELINES)
      for (const mapping of pipeline.sources)
        for (const variant of mapping.variants) {
          const yaml = `title: t\nlogsource: {}\ndetection:\n  sel: ${JSON.stringify(variant.events)}\n  condition: sel\n`;
          expect(readSigmaFile(yaml, logsourceKey(mapping.logsource)).issues).toEqual([]);
        }
  });
});
