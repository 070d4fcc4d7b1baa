import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSigmaFile } from "../src/sigma/rule.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const whoami = (id = "0f0c5e56-0000-4000-8000-000000000001", level = "high") => `title: Whoami Execution
id: ${id}
status: test
description: Detects whoami.exe
author: Jane Analyst, John Hunter
references: [https://example.org/whoami]
tags: [attack.discovery, attack.t1033, attack.t1087.001]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
falsepositives: [Admin scripts]
level: ${level}
`;
const cloudtrail = `title: Cloud Thing
id: 0f0c5e56-0000-4000-8000-000000000002
status: test
author: Someone
logsource: {product: aws, service: cloudtrail}
detection: {selection: {eventName: StopLogging}, condition: selection}
level: medium
`;

describe("Sigma import and export", () => {
  let t: TestApp;
  let supervisor: { authorization: string };
  let analyst: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await t.as("supervisor");
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  const post = (body: string | Buffer, contentType: string, query = "", headers = supervisor) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/rules/sigma${query}`,
      headers: { ...headers, "content-type": contentType },
      payload: body,
    });
  const ruleCount = async () => (await t.call("GET", "/api/v1/rules", analyst)).json().length;

  it("previews an import without storing anything", async () => {
    const before = await ruleCount();
    const res = await post(
      `${whoami()}---\n${cloudtrail}`,
      "application/yaml",
      "?dry_run=true&filename=two.yml",
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dry_run: true,
      created: 2,
      updated: 0,
      skipped: 0,
      no_matching_source: 1,
    });
    expect(res.json().rules[0]).toMatchObject({
      file: "two.yml",
      rule: "Whoami Execution",
      status: "created",
      sources: ["Sysmon 1", "Security 4688"],
    });
    expect(await ruleCount()).toBe(before);
  });

  it("imports rules with their Sigma metadata, then updates them on a second import", async () => {
    const first = await post(`${whoami()}---\n${cloudtrail}`, "application/yaml");
    expect(first.json()).toMatchObject({ dry_run: false, created: 2, updated: 0 });
    const id = first.json().rules[0].rule_id;
    const rule = (await t.call("GET", `/api/v1/rules/${id}`, analyst)).json();
    expect(rule).toMatchObject({
      name: "Whoami Execution",
      severity: "high",
      enabled: true,
      mitre_tactic: "discovery",
      mitre_tactics: ["discovery"],
      mitre_techniques: ["T1033", "T1087.001"],
      sigma: {
        id: "0f0c5e56-0000-4000-8000-000000000001",
        author: "Jane Analyst, John Hunter",
        references: ["https://example.org/whoami"],
        falsepositives: ["Admin scripts"],
      },
    });
    const aws = (await t.call("GET", `/api/v1/rules/${first.json().rules[1].rule_id}`, analyst)).json();
    expect(aws).toMatchObject({ enabled: false, sigma: { sources: [] } });

    const again = await post(whoami(undefined, "critical"), "application/yaml");
    expect(again.json()).toMatchObject({
      created: 0,
      updated: 1,
      rules: [{ status: "updated", rule_id: id }],
    });
    expect((await t.call("GET", `/api/v1/rules/${id}`, analyst)).json().severity).toBe("critical");
  });

  it("refuses bad input as a whole, naming the file, the rule and the part", async () => {
    const before = await ruleCount();
    const bad = whoami("0f0c5e56-0000-4000-8000-000000000003").replace("Image|endswith", "Image|endswithh");
    const res = await post(
      `${cloudtrail.replace("0002", "0009").replace("Cloud Thing", "Fine")}---\n${bad}`,
      "application/yaml",
      "?filename=mixed.yml",
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([
      expect.objectContaining({
        field: "mixed.yml › Whoami Execution › detection.selection.Image|endswithh",
        message: 'unknown modifier "endswithh"',
      }),
    ]);
    expect(await ruleCount()).toBe(before);
    const yaml = await post("title: [broken\n", "application/yaml", "?filename=broken.yml");
    expect(yaml.statusCode).toBe(422);
    expect(yaml.json().details[0].field).toContain("broken.yml");
  });

  it("skips deprecated rules with the reason", async () => {
    const res = await post(
      whoami("0f0c5e56-0000-4000-8000-000000000004").replace("status: test", "status: deprecated"),
      "application/yaml",
      "?dry_run=true",
    );
    expect(res.json()).toMatchObject({
      skipped: 1,
      rules: [{ status: "skipped", path: "status", reason: "the rule is deprecated" }],
    });
  });

  it("imports a zip and multipart files", async () => {
    const zip = zipSync({
      "pack/a.yml": strToU8(
        whoami("0f0c5e56-0000-4000-8000-00000000000a").replace("Whoami Execution", "Zip A"),
      ),
      "pack/README.md": strToU8("x"),
    });
    const res = await post(Buffer.from(zip), "application/zip", "?dry_run=true&filename=pack.zip");
    expect(res.statusCode).toBe(200);
    expect(res.json().rules).toEqual([
      expect.objectContaining({ file: "pack.zip/pack/a.yml", rule: "Zip A", status: "created" }),
    ]);

    const boundary = "----vigie";
    const part = (name: string, text: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/yaml\r\n\r\n${text}\r\n`;
    const body = `${part("one.yml", whoami("0f0c5e56-0000-4000-8000-00000000000b").replace("Whoami Execution", "Multi one"))}${part("two.yml", cloudtrail.replace("0002", "000c").replace("Cloud Thing", "Multi two"))}--${boundary}--\r\n`;
    const multi = await post(body, `multipart/form-data; boundary=${boundary}`, "?dry_run=true");
    expect(multi.statusCode).toBe(200);
    expect(multi.json().rules.map((r: { file: string }) => r.file)).toEqual(["one.yml", "two.yml"]);
  });

  it("is for supervisors, and refuses a body over the limit with 413", async () => {
    expect((await post(whoami(), "application/yaml", "", analyst)).statusCode).toBe(403);
    expect((await post(`# ${"x".repeat(10 * 1024 * 1024)}\n`, "application/yaml")).statusCode).toBe(413);
  });

  it("exports an imported rule as imported, and a native rule as Sigma that reads back", async () => {
    const rules = (await t.call("GET", "/api/v1/rules", analyst)).json();
    const imported = rules.find((r: { name: string }) => r.name === "Whoami Execution");
    const exported = await t.call("GET", `/api/v1/rules/${imported.id}/sigma`, analyst);
    expect(exported.headers["content-type"]).toContain("application/yaml");
    expect(exported.body).toBe(whoami(undefined, "critical"));
    for (const native of rules.filter((r: { sigma: unknown }) => !r.sigma)) {
      const res = await t.call("GET", `/api/v1/rules/${native.id}/sigma`, analyst);
      // A first-seen rule has no Sigma form (docs/adr/0029).
      if (native.rule_type === "first_seen") expect(res.statusCode).toBe(422);
      else expect(readSigmaFile(res.body, native.name).issues).toEqual([]);
    }
  });

  it("audits the import", async () => {
    const admin = await t.as("admin");
    const audit = (await t.call("GET", "/api/v1/audit?action=rules.sigma_imported", admin)).json();
    const entries = audit.items ?? audit;
    expect(
      entries.some(
        (e: { action: string; details: { created: number } }) =>
          e.action === "rules.sigma_imported" && e.details.created === 2,
      ),
    ).toBe(true);
  });
});
