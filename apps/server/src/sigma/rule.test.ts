import { describe, expect, it } from "vitest";
import { parseConditionExpression } from "./condition-expression.ts";
import { readSigmaFile, type SigmaDetectionRule } from "./rule.ts";

const rule = (detection: string, extra = "") => `title: Test rule
id: 11111111-2222-3333-4444-555555555555
status: test
level: high
author: Jane Doe
tags: [attack.execution, attack.t1059.001, attack.defense_evasion]
logsource: {product: windows, category: process_creation}
${extra}detection:
${detection}`;

const detectionOf = (text: string) => {
  const result = readSigmaFile(text, "a.yml");
  expect(result.issues).toEqual([]);
  return (result.rules[0] as SigmaDetectionRule).detection;
};

describe("Sigma condition expressions", () => {
  it("binds not tighter than and, and tighter than or", () => {
    expect(parseConditionExpression("a or b and not c")).toEqual({
      type: "or",
      items: [
        { type: "ref", name: "a" },
        {
          type: "and",
          items: [
            { type: "ref", name: "b" },
            { type: "not", item: { type: "ref", name: "c" } },
          ],
        },
      ],
    });
  });

  it("reads brackets and x-of forms", () => {
    expect(parseConditionExpression("(1 of sel_* or all of them) and not 1 of filter*")).toEqual({
      type: "and",
      items: [
        {
          type: "or",
          items: [
            { type: "of", quantifier: "one", pattern: "sel_*" },
            { type: "of", quantifier: "all", pattern: "them" },
          ],
        },
        { type: "not", item: { type: "of", quantifier: "one", pattern: "filter*" } },
      ],
    });
  });

  it.each([
    ["sel and", "ends too early"],
    ["(sel", "not closed"],
    ["sel | count() > 5", "aggregation"],
    ["sel or or", "unexpected"],
  ])("refuses %s", (text, message) => {
    expect(() => parseConditionExpression(text)).toThrow(message);
  });
});

describe("Sigma detections", () => {
  it("reads maps as AND, lists of maps as OR and keyword lists", () => {
    const tree = detectionOf(
      rule(
        `  sel:\n    Image|endswith: ['\\a.exe', '\\b.exe']\n    CommandLine|contains|all: [x, y]\n  alt:\n    - User: bob\n    - User: alice\n  keywords: [mimikatz]\n  condition: sel or alt or keywords\n`,
      ),
    );
    expect(tree).toMatchObject({
      kind: "any",
      items: [
        {
          kind: "all",
          items: [
            {
              field: "Image",
              modifiers: ["endswith"],
              values: ["\\a.exe", "\\b.exe"],
              path: "detection.sel.Image|endswith",
            },
            { field: "CommandLine", modifiers: ["contains", "all"], values: ["x", "y"] },
          ],
        },
        {
          kind: "any",
          items: [
            { field: "User", values: ["bob"] },
            { field: "User", values: ["alice"] },
          ],
        },
        { field: null, values: ["mimikatz"], path: "detection.keywords" },
      ],
    });
  });

  it("leaves identifiers starting with _ out of 'them'", () => {
    const tree = detectionOf(rule("  a: {X: 1}\n  _b: {Y: 2}\n  condition: all of them\n"));
    expect(tree).toMatchObject({ kind: "test", field: "X" });
  });

  it("ORs a list of conditions", () => {
    expect(detectionOf(rule("  a: {X: 1}\n  b: {Y: 2}\n  condition: [a, b]\n"))).toMatchObject({
      kind: "any",
    });
  });

  it.each([
    ["  sel: {Image|foo: x}\n  condition: sel\n", "detection.sel.Image|foo", 'unknown modifier "foo"'],
    [
      "  sel: {Image: x}\n  condition: sel and other\n",
      "detection.condition",
      'no search identifier "other"',
    ],
    [
      "  sel: {Image: x}\n  condition: 1 of filter_*\n",
      "detection.condition",
      "no search identifier matches",
    ],
    ["  sel: {Count|gt: abc}\n  condition: sel\n", "detection.sel.Count|gt", "does not apply"],
    [
      "  sel: {Image|contains|endswith: x}\n  condition: sel\n",
      "detection.sel.Image|contains|endswith",
      "cannot be combined",
    ],
    ["  sel: {Image|i: x}\n  condition: sel\n", "detection.sel.Image|i", 'only qualifies "re"'],
  ])("names the part that is wrong (%#)", (detection, path, message) => {
    const { rules, issues } = readSigmaFile(rule(detection), "bad.yml");
    expect(rules).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ file: "bad.yml", rule: "Test rule", path })]);
    expect(issues[0]?.message).toContain(message);
  });
});

describe("Sigma files", () => {
  it("keeps the metadata and the YAML", () => {
    const text = rule("  sel: {Image: x}\n  condition: sel\n");
    const [read] = readSigmaFile(text, "a.yml").rules;
    expect(read?.origin).toMatchObject({
      id: "11111111-2222-3333-4444-555555555555",
      title: "Test rule",
      level: "high",
      author: "Jane Doe",
      logsource: { product: "windows", category: "process_creation" },
      yaml: text,
    });
  });

  it("applies action: global to the documents after it", () => {
    const text = `action: global
title: Shared
level: low
logsource: {product: windows}
detection:
  condition: sel
---
logsource: {category: process_creation}
detection: {sel: {Image: a}}
---
title: Second
logsource: {service: security}
detection: {sel: {EventID: 4625}}
`;
    const { rules, issues } = readSigmaFile(text, "c.yml");
    expect(issues).toEqual([]);
    expect(rules.map((r) => [r.origin.title, r.origin.logsource])).toEqual([
      ["Shared", { product: "windows", category: "process_creation" }],
      ["Second", { product: "windows", service: "security" }],
    ]);
    expect(rules[1]?.origin.yaml).toContain("EventID: 4625");
  });

  it("reports invalid YAML for the whole file", () => {
    const { rules, issues } = readSigmaFile("title: [unclosed\n", "broken.yml");
    expect(rules).toEqual([]);
    expect(issues[0]).toMatchObject({ file: "broken.yml", reason: "invalid YAML" });
  });

  it("names a rule without a title by its place in the file", () => {
    const { issues } = readSigmaFile("---\nlogsource: {}\ndetection: {condition: x}\n", "n.yml");
    expect(issues[0]).toMatchObject({ rule: "rule #1", path: "title" });
  });
});
