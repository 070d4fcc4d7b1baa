import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packCounts, readPackCatalogue } from "./catalogue.ts";

const dir = mkdtempSync(path.join(tmpdir(), "vigie-pack-"));
const rule = (id: string, status: string, level: string, logsource: string) =>
  `title: Rule ${id}\nid: ${id}\nstatus: ${status}\nlogsource: ${logsource}\n` +
  `detection: {selection: {Image: x}, condition: selection}\nlevel: ${level} # tune me\n`;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};
write(
  "rules/windows/process_creation/a.yml",
  rule("a", "stable", "high", "{product: windows, category: process_creation}"),
);
write(
  "rules/windows/builtin/security/b.yml",
  rule("b", "test", "critical", "{product: windows, service: security}"),
);
write("rules/windows/c.yml", rule("c", "deprecated", "high", "{product: windows}"));
write("rules/linux/d.yml", rule("d", "unsupported", "low", "{product: linux}"));
write("rules/linux/e.yaml", rule("e", "experimental", "low", "{product: linux, service: sshd}"));
write("rules/linux/notes.txt", "not a rule");
write("rules/web/f.yml", "title: no id\n");
afterAll(() => rmSync(dir, { recursive: true }));

describe("rule pack catalogue", async () => {
  const selection = { statuses: ["stable"], levels: ["critical"], products: ["windows"] };
  const catalogue = await readPackCatalogue({
    name: "t",
    title: "T",
    source: "s",
    licence: "l",
    dir,
    firstStart: selection,
  });

  it("reads each rule's id, title, status, level, logsource and file; products are the folders", () => {
    expect(catalogue.products).toEqual(["linux", "web", "windows"]);
    expect(catalogue.rules.find((r) => r.id === "b")).toEqual({
      id: "b",
      title: "Rule b",
      status: "test",
      level: "critical",
      product: "windows",
      logsource: { product: "windows", category: null, service: "security" },
      file: "rules/windows/builtin/security/b.yml",
    });
  });

  it("never lists deprecated or unsupported rules, and counts them apart", () => {
    expect(catalogue.rules.map((r) => r.id).sort()).toEqual(["a", "b", "e"]);
    expect(catalogue.excluded).toEqual({ deprecated: 1, unsupported: 1 });
  });

  it("counts by status, level, product and by the three together", () => {
    const counts = packCounts(catalogue);
    expect(counts.rules).toBe(3);
    expect(counts.by_status).toEqual({ stable: 1, test: 1, experimental: 1 });
    expect(counts.by_level).toEqual({ informational: 0, low: 1, medium: 0, high: 1, critical: 1 });
    expect(counts.by_product).toEqual({ linux: 1, web: 0, windows: 2 });
    expect(counts.cells).toContainEqual({ status: "experimental", level: "low", product: "linux", rules: 1 });
  });
});
