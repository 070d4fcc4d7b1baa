import type { Condition } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { requirementsOf } from "./conditions/requirements.ts";
import { RuleSet } from "./engine-core.ts";
import { makeEvent, makeRule } from "./test-support.ts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

const rule = (id: string, event_filter: unknown): DetectionRule =>
  makeRule({
    id,
    rule_type: "threshold",
    conditions: { event_filter: event_filter as Condition, threshold: 1, window_seconds: 60 },
  });

/** Sigma's process_creation logsource as the importer writes it: Sysmon 1 or Security 4688. */
const processCreation: Condition = {
  any: [
    {
      all: [
        { field: "Channel", value: "Microsoft-Windows-Sysmon/Operational" },
        { field: "EventID", value: 1 },
      ],
    },
    {
      all: [
        { field: "Channel", value: "Security" },
        { field: "EventID", value: 4688 },
      ],
    },
  ],
};

describe("requirementsOf", () => {
  it("keeps what every branch requires, and nothing from parts it cannot reason about", () => {
    const required = requirementsOf({
      all: [processCreation, { field: "Image", op: "endswith", value: "\\cmd.exe" }],
    });
    expect(
      Object.fromEntries([...required.values].map(([field, values]) => [field, [...values].sort()])),
    ).toEqual({
      Channel: ["microsoft-windows-sysmon/operational", "security"],
      EventID: ["1", "4688"],
    });
    expect(requirementsOf({ not: { field: "EventID", value: 1 } }).values.size).toBe(0);
    expect(
      requirementsOf({ any: [{ field: "EventID", value: 1 }, { keywords: { value: "x" } }] }).values.size,
    ).toBe(0);
    expect(requirementsOf({ field: "EventID", op: "neq", value: 1 }).values.size).toBe(0);
  });

  const literals = (condition: unknown) => {
    const found = requirementsOf(condition as Condition).literals;
    return found && Object.fromEntries([...found].map(([field, texts]) => [field, [...texts].sort()]));
  };

  it("names the texts a condition needs: the most selective part of an all, every branch of an any", () => {
    expect(
      literals({
        all: [
          processCreation,
          { field: "Image", op: "endswith", value: ["\\Whoami.exe", "\\net.exe"] },
          { field: "CommandLine", op: "contains", value: "/all" },
        ],
      }),
    ).toEqual({ CommandLine: ["/all"] });
    expect(
      literals({
        any: [
          { field: "Image", op: "endswith", value: "\\whoami.exe" },
          { field: "OriginalFileName", value: "whoami.exe" },
        ],
      }),
    ).toEqual({ Image: ["\\whoami.exe"], OriginalFileName: ["whoami.exe"] });
    expect(literals({ field: "CommandLine", op: "wildcard", value: "*net* user /ADD*" })).toEqual({
      CommandLine: [" user /add"],
    });
    expect(
      literals({ field: "CommandLine", op: "contains", all: true, value: ["-nop", "-w hidden"] }),
    ).toEqual({
      CommandLine: ["-w hidden"],
    });
    expect(literals({ keywords: { value: ["mimikatz", "sekurlsa"] } })).toEqual({
      "\u0000keywords": ["mimikatz", "sekurlsa"],
    });
  });

  it("names none where a matching event may hold no text: not, numbers, regex, cidr, a branch without", () => {
    expect(literals({ not: { field: "Image", op: "endswith", value: "x.exe" } })).toBeNull();
    expect(literals({ field: "EventID", value: 4688 })).toBeNull();
    expect(literals({ field: "EventID", value: "4688" })).toBeNull();
    expect(literals({ field: "CommandLine", op: "re", value: "a.b" })).toBeNull();
    expect(literals({ field: "source_ip", op: "cidr", value: "10.0.0.0/8" })).toBeNull();
    expect(literals({ field: "Image", op: "wildcard", value: "*?*" })).toBeNull();
    expect(
      literals({
        any: [
          { field: "Image", op: "endswith", value: "x.exe" },
          { field: "EventID", value: 1 },
        ],
      }),
    ).toBeNull();
  });
});

describe("RuleIndex", () => {
  const rules = [
    rule("legacy", { event_type: "login_failure" }),
    rule("sysmon", { all: [processCreation, { field: "CommandLine", op: "contains", value: "-enc" }] }),
    rule("dns", {
      all: [
        { field: "source_type", value: "dns" },
        { field: "normalized.query", op: "endswith", value: ".evil" },
      ],
    }),
    rule("everything", { keywords: { value: "mimikatz" } }),
    rule("cased", { event_type: "Login_Failure" }),
    rule("whoami", {
      all: [
        processCreation,
        {
          any: [
            { field: "Image", op: "endswith", value: "\\whoami.exe" },
            { field: "OriginalFileName", value: "whoami.exe", cased: true },
          ],
        },
      ],
    }),
    rule("encoded", {
      all: [
        { field: "CommandLine", op: "contains", transforms: ["base64offset"], value: "IEX" },
        { not: { field: "User", op: "contains", value: "system" } },
      ],
    }),
  ];
  const set = RuleSet.from(rules);
  const offered = (event: DetectionEvent) => set.index.candidates(event).map((detector) => detector.rule_id);

  it("offers an event only the rules filed under its values whose literals it holds, in rule order", () => {
    expect(offered(makeEvent(0))).toEqual(["legacy", "cased"]);
    expect(offered(makeEvent(0, { message: "found MimiKatz.exe" }))).toEqual([
      "legacy",
      "everything",
      "cased",
    ]);
    const process = (normalized: Record<string, unknown>) =>
      makeEvent(0, {
        event_type: "process_creation",
        normalized: { EventID: "4688", Channel: "Security", ...normalized },
      });
    expect(offered(process({}))).toEqual([]);
    expect(offered(process({ CommandLine: "ping -ENC" }))).toEqual(["sysmon"]);
    expect(offered(process({ CommandLine: "-enc", Image: "c:\\windows\\whoami.exe" }))).toEqual([
      "sysmon",
      "whoami",
    ]);
    expect(
      offered(
        makeEvent(0, { source_type: "dns", event_type: "dns_query", normalized: { query: "a.b.EVIL" } }),
      ),
    ).toEqual(["dns"]);
    expect(
      offered(
        makeEvent(0, { source_type: "dns", event_type: "dns_query", normalized: { query: "a.b.good" } }),
      ),
    ).toEqual([]);
    expect(set.index.unindexedCount).toBe(2);
    expect(set.index.literalCount).toBe(7);
  });

  it("never leaves out a rule that matches: the index agrees with testing every rule", () => {
    const events = [
      makeEvent(0),
      makeEvent(1, { event_type: "LOGIN_FAILURE" }),
      makeEvent(2, {
        event_type: "process_creation",
        normalized: { EventID: 1, Channel: "microsoft-windows-sysmon/operational", CommandLine: "x -ENC y" },
      }),
      makeEvent(3, { source_type: "dns", normalized: { query: "a.EVIL" } }),
      makeEvent(4, { message: "mimikatz sekurlsa", normalized: { EventID: [1, 4688] } }),
      makeEvent(5, {
        normalized: { EventID: 4688, Channel: "Security", Image: "C:\\Windows\\WHOAMI.EXE" },
      }),
      makeEvent(6, {
        normalized: {
          EventID: 1,
          Channel: "Microsoft-Windows-Sysmon/Operational",
          OriginalFileName: "whoami.exe",
        },
      }),
      makeEvent(7, { normalized: { EventID: 1, OriginalFileName: "WHOAMI.EXE", Image: "c:\\x.exe" } }),
      makeEvent(8, {
        normalized: { CommandLine: `powershell -e ${Buffer.from("xxIEX(").toString("base64")}`, User: "bob" },
      }),
    ];
    for (const event of events) {
      const matching = set.detectors.filter((detector) => detector.accepts(event)).map((d) => d.rule_id);
      const indexed = set.index
        .candidates(event)
        .filter((detector) => detector.accepts(event))
        .map((d) => d.rule_id);
      expect(indexed).toEqual(matching);
    }
  });
});

describe("RuleIndex on random rules and events", () => {
  let seed = 11;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]) => items[random(items.length)]!;
  const FIELDS = ["Image", "CommandLine", "EventID", "event_type", "User"];
  const WORDS = ["ab", "Abc", "b*c", "c?a", "1", "2", "x\\*"];
  const OPS = ["eq", "contains", "startswith", "endswith", "wildcard", "neq", "re"] as const;
  const test = (): Condition => {
    const op = pick(OPS);
    const values = Array.from({ length: 1 + random(3) }, () => pick(WORDS));
    return {
      field: pick(FIELDS),
      op,
      value: op === "re" ? "a.c" : values,
      ...(random(4) === 0 ? { all: true } : {}),
      ...(random(4) === 0 ? { cased: true } : {}),
    } as Condition;
  };
  const node = (depth: number): Condition => {
    const kind = depth > 2 ? 0 : random(6);
    if (kind === 0 || kind === 1) return test();
    if (kind === 2) return { all: [node(depth + 1), node(depth + 1)] };
    if (kind === 3) return { any: [node(depth + 1), node(depth + 1)] };
    if (kind === 4) return { not: node(depth + 1) };
    return { of: [node(depth + 1), node(depth + 1), node(depth + 1)], at_least: 1 + random(3) };
  };
  const text = () =>
    Array.from({ length: random(4) }, () => pick(["a", "B", "c", "1", "*", " "]))
      .join("")
      .concat(pick(["", "abc", "ABC", "xb*c"]));

  it("offers every rule that accepts the event", () => {
    const rules = Array.from({ length: 300 }, (_, i) => rule(`r${i}`, node(0)));
    const set = RuleSet.from(rules);
    let accepted = 0;
    let offeredInAll = 0;
    for (let round = 0; round < 400; round++) {
      const event = makeEvent(round, {
        event_type: text(),
        normalized: { Image: text(), CommandLine: random(2) ? text() : [text(), text()], EventID: random(3) },
      });
      const accepting = set.detectors.filter((d) => d.accepts(event)).map((d) => d.rule_id);
      const offered = set.index.candidates(event).map((d) => d.rule_id);
      expect(accepting.filter((id) => !offered.includes(id))).toEqual([]);
      accepted += accepting.length;
      offeredInAll += offered.length;
    }
    // The check means something only if rules do accept events, and the index does leave some out.
    expect(accepted).toBeGreaterThan(1_000);
    expect(offeredInAll).toBeLessThan(300 * 400 * 0.8);
  });
});
