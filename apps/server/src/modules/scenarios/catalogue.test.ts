import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { IngestEventSchema } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogueItems, findPlaybook, loadCatalogue, playbookEventRecord } from "./catalogue.ts";

const SCENARIOS_DIR = fileURLToPath(new URL("../../../../../scenarios", import.meta.url));
const SSH = "ssh-brute-force-lateral-movement.yml";
const REQUIRED = [
  SSH,
  "dns-tunnel-exfiltration.yml",
  "phishing-c2-beaconing.yml",
  "privilege-escalation-persistence.yml",
];

describe("the repository's playbooks", () => {
  it("all load and validate, including the four of CONTRACT §8", async () => {
    const catalogue = await loadCatalogue(SCENARIOS_DIR);
    expect(catalogue.problems).toEqual([]);
    for (const filename of REQUIRED) expect(catalogue.playbooks.has(filename)).toBe(true);
  });

  it("list as catalogue items with their event counts", async () => {
    const items = catalogueItems(await loadCatalogue(SCENARIOS_DIR));
    const ssh = items.find((item) => item.filename === SSH);
    expect(ssh?.event_count).toBe(29);
    expect(ssh?.mitre_tactics).toContain("TA0006");
    expect(items.map((item) => item.filename)).toEqual([...items.map((item) => item.filename)].sort());
  });

  it("turn into ingest records the public ingest schema accepts", async () => {
    const catalogue = await loadCatalogue(SCENARIOS_DIR);
    for (const [filename, playbook] of catalogue.playbooks) {
      for (const event of playbook.events) {
        const record = playbookEventRecord(event, "AUDIO_030");
        expect(record).not.toHaveProperty("delay_seconds");
        expect(record.site_id).toBe("AUDIO_030");
        const parsed = IngestEventSchema.safeParse(record);
        expect(parsed.success, `${filename}: ${event.message}`).toBe(true);
      }
    }
  });
});

describe("loadCatalogue with broken files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigie-scenarios-"));
    await copyFile(join(SCENARIOS_DIR, SSH), join(dir, SSH));
    await writeFile(join(dir, "broken.yml"), "name: [unclosed\nevents: {\n");
    await writeFile(join(dir, "too-short.yml"), "name: x\ndescription: y\nsite_id: AUDIO_001\nevents: []\n");
    await writeFile(join(dir, "README.md"), "not a playbook");
    await mkdir(join(dir, "folder.yml"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps the good playbook and reports each bad one without throwing", async () => {
    const catalogue = await loadCatalogue(dir);
    expect([...catalogue.playbooks.keys()]).toEqual([SSH]);
    const byFile = Object.fromEntries(catalogue.problems.map((p) => [p.filename, p.message]));
    expect(Object.keys(byFile).sort()).toEqual(["broken.yml", "folder.yml", "too-short.yml"]);
    expect(byFile["broken.yml"]).toMatch(/YAML/);
    expect(byFile["too-short.yml"]).toMatch(/schema: .*mitre_tactics/);
    expect(byFile["too-short.yml"]).toMatch(/events/);
  });

  it("reports a schema violation inside an event with its path", async () => {
    const bad = join(dir, "bad-technique.yml");
    const text = await readFile(join(SCENARIOS_DIR, SSH), "utf8");
    await writeFile(bad, text.replace("mitre_technique: T1082", "mitre_technique: T82"));
    const catalogue = await loadCatalogue(dir);
    await rm(bad);
    const problem = catalogue.problems.find((p) => p.filename === "bad-technique.yml");
    expect(problem?.message).toMatch(/events\.\d+\.mitre_technique/);
  });

  it("reports a missing folder instead of throwing", async () => {
    const catalogue = await loadCatalogue(join(dir, "does-not-exist"));
    expect(catalogue.playbooks.size).toBe(0);
    expect(catalogue.problems).toHaveLength(1);
  });
});

describe("findPlaybook", () => {
  const attempts: unknown[] = [
    "../etc/passwd",
    "/etc/passwd",
    `../scenarios/${SSH}`,
    `./${SSH}`,
    `/${SSH}`,
    `${SCENARIOS_DIR}/${SSH}`,
    "..%2F..%2Fetc%2Fpasswd",
    encodeURIComponent(`../${SSH}`),
    `${SSH}\0.txt`,
    `${SSH}\0`,
    SSH.toUpperCase(),
    ` ${SSH}`,
    "__proto__",
    "constructor",
    "",
    null,
    42,
    { filename: SSH },
  ];

  it("returns the playbook for an exact catalogue file name", async () => {
    const catalogue = await loadCatalogue(SCENARIOS_DIR);
    expect(findPlaybook(catalogue, SSH)?.name).toBe("SSH brute force then lateral movement");
  });

  it.each(attempts.map((a) => [a]))("returns null for %j", async (attempt) => {
    const catalogue = await loadCatalogue(SCENARIOS_DIR);
    expect(findPlaybook(catalogue, attempt)).toBeNull();
  });
});
