import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertSigmaFiles } from "./batch.ts";
import { SHIPPED_PIPELINES } from "./pipelines/index.ts";
import { type PlanSources, planSigmaImport } from "./plan.ts";
import type { StoredSigmaRule } from "./targets.ts";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/sigma-correlations");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

/** Plans files against `stored` rules imported earlier; new rules get ids new-1, new-2... */
async function plan(files: Record<string, string>, stored: StoredSigmaRule[] = []) {
  const conversion = convertSigmaFiles(
    Object.entries(files).map(([name, text]) => ({ name, text })),
    SHIPPED_PIPELINES,
  );
  let made = 0;
  const sources: PlanSources = {
    storedByReference: async (references) =>
      stored.filter(
        (rule) => references.includes(rule.sigma.id ?? "") || references.includes(rule.sigma.name ?? ""),
      ),
    existingBySigmaId: async () => new Map(),
    rulesById: async (ids) => stored.filter((rule) => ids.includes(rule.id)),
    newId: () => `0190f0e0-0000-7000-8000-${String(++made).padStart(12, "0")}`,
  };
  const result = await planSigmaImport(conversion, sources);
  // Problems found while reading (a timespan, a type) come with the conversion; the plan adds its own.
  return { ...result, skipped: [...conversion.skipped, ...result.skipped] };
}
const id = (n: number) => `0190f0e0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const byTitle = (result: Awaited<ReturnType<typeof plan>>, title: string) =>
  result.rules.find((rule) => rule.origin.title === title)!;

describe("Sigma correlations as Vigie rules", () => {
  it("chain a count into an ordered correlation as a step count, and silence the rules they feed", async () => {
    const result = await plan({ "mr.yml": fixture("mr_failed_logins_followed_by_success.yml") });
    expect(result.invalid).toEqual([]);
    const outer = byTitle(result, "Correlation - Multiple Failed Logins Followed by Successful Login");
    const failed = byTitle(result, "Single failed login");
    const success = byTitle(result, "Successful login");
    expect(outer.rule).toMatchObject({
      rule_type: "sequence",
      enabled: true,
      severity: "high",
      conditions: {
        steps: [
          { event_filter: { rule: failed.id }, count: 10 },
          { event_filter: { rule: success.id }, count: 1 },
        ],
        window_seconds: 600,
        group_by: ["User"],
      },
    });
    expect(outer.sources).toEqual(["channel Security"]);
    expect(byTitle(result, "Multiple failed logons").rule).toMatchObject({
      rule_type: "threshold",
      enabled: false,
      conditions: { event_filter: { rule: failed.id }, threshold: 10, group_by: ["User"] },
    });
    expect([failed, success].map((rule) => [rule.rule.enabled, rule.feeds])).toEqual([
      [false, '"Multiple failed logons"'],
      [false, '"Correlation - Multiple Failed Logins Followed by Successful Login"'],
    ]);
  });

  it("map every type and condition onto the native rule types", async () => {
    const result = await plan({
      "bases.yml": fixture("bases.yml"),
      ...Object.fromEntries(
        ["event_count", "value_count", "value_sum", "value_avg", "value_percentile", "temporal"].map(
          (name) => [`${name}.yml`, fixture(`${name}.yml`)],
        ),
      ),
    });
    expect(result.invalid).toEqual([]);
    const shape = (title: string) => {
      const { rule_type, conditions } = byTitle(result, title).rule;
      const { event_filter: _filter, steps: _steps, ...rest } = conditions as Record<string, unknown>;
      return { rule_type, ...rest };
    };
    expect(shape("Many failed logins")).toEqual({
      rule_type: "threshold",
      threshold: 100,
      window_seconds: 3_600,
      group_by: ["ComputerName"],
      across_sites: false,
    });
    expect(shape("Failed login")).toMatchObject({
      rule_type: "aggregation",
      aggregation: "count_distinct",
      aggregation_field: "User",
      threshold: 100,
    });
    expect(shape("Possible Exfiltration to Website")).toMatchObject({
      aggregation: "sum",
      bounds: { gt: 1_000_000 },
    });
    expect(shape("Suspicious average network traffic")).toMatchObject({
      aggregation: "avg",
      window_seconds: 86_400,
    });
    expect(
      shape("A computer spawned a processes name in the last 24h than 1% of all the processes."),
    ).toMatchObject({
      aggregation: "share",
      aggregation_field: "Image",
      bounds: { lte: 1 },
    });
    expect(shape("Recon")).toEqual({
      rule_type: "sequence",
      ordered: false,
      window_seconds: 300,
      group_by: ["ComputerName", "User"],
      across_sites: false,
    });
  });

  const correlation = (body: string) => `title: Test correlation\ncorrelation:\n${body}`;
  const bases = fixture("bases.yml");

  it("turn conditions from above into bounds, and a temporal condition into the rules required", async () => {
    const counted = await plan({
      "b.yml": bases,
      "c.yml": correlation(
        "  type: event_count\n  rules: recon_cmd_a\n  group-by: User\n  timespan: 1h\n  condition: {gt: 3, lte: 9}\n",
      ),
    });
    expect(byTitle(counted, "Test correlation").rule.conditions).toMatchObject({ bounds: { gt: 3, lte: 9 } });
    const some = await plan({
      "b.yml": bases,
      "c.yml": correlation(
        "  type: temporal\n  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 2}\n",
      ),
    });
    expect(byTitle(some, "Test correlation").rule.conditions).toMatchObject({
      ordered: false,
      steps_required: 2,
    });
  });

  it("keep aliases per step of a temporal correlation", async () => {
    const result = await plan({
      "a.yml": `title: Internal error\nname: internal_error\nlogsource: {category: webserver}\ndetection: {selection: {sc-status: 500}, condition: selection}\n---
title: New connection\nname: new_network_connection\nlogsource: {category: firewall}\ndetection: {selection: {action: allow}, condition: selection}\n---
${correlation(`  type: temporal
  rules: [internal_error, new_network_connection]
  group-by: [internal_ip, remote_ip]
  timespan: 10s
  aliases:
    internal_ip: {internal_error: destination.ip, new_network_connection: source.ip}
    remote_ip: {internal_error: source.ip, new_network_connection: destination.ip}
`)}`,
    });
    expect(result.invalid).toEqual([]);
    const steps = (byTitle(result, "Test correlation").rule.conditions as { steps: { aliases: unknown }[] })
      .steps;
    expect(steps.map((step) => step.aliases)).toEqual([
      { internal_ip: "destination.ip", remote_ip: "source.ip" },
      { internal_ip: "source.ip", remote_ip: "destination.ip" },
    ]);
  });

  it("refer to rules imported earlier, by id or name, and disable them unless generate is true", async () => {
    const stored: StoredSigmaRule = {
      id: id(99),
      name: "Failed logon",
      enabled: true,
      rule_type: "threshold",
      conditions: { event_filter: { EventID: 4625 }, threshold: 1, window_seconds: 1 },
      sigma: {
        id: "5638f7c0-ac70-491d-8465-2a65075e0d86",
        name: null,
        correlation: null,
        sources: ["channel Security"],
      } as never,
    };
    const silent = await plan({ "c.yml": fixture("event_count.yml") }, [stored]);
    expect(byTitle(silent, "Many failed logins").rule.conditions).toMatchObject({
      event_filter: { rule: id(99) },
    });
    expect(silent.silenced.map((rule) => [rule.id, rule.feeds])).toEqual([[id(99), '"Many failed logins"']]);
    const generating = await plan({ "c.yml": `${fixture("event_count.yml")}\ngenerate: true\n` }, [stored]);
    expect(generating.silenced).toEqual([]);
  });

  it("skip what Vigie cannot run, with the reason, and refuse what is wrong", async () => {
    const skipped = async (body: string) =>
      (await plan({ "b.yml": bases, "c.yml": correlation(body) })).skipped;
    expect(
      (
        await skipped("  type: event_count\n  rules: recon_cmd_a\n  timespan: 2d\n  condition: {gte: 5}\n")
      )[0],
    ).toMatchObject({
      path: "correlation.timespan",
      reason: "correlation unsupported: timespan over one day",
    });
    expect((await skipped("  type: value_mode\n  rules: recon_cmd_a\n  timespan: 1h\n"))[0]?.reason).toBe(
      "correlation unsupported: type value_mode",
    );
    expect(
      (
        await skipped(
          "  type: temporal_ordered\n  rules: [recon_cmd_a, recon_cmd_b]\n  timespan: 1h\n  condition: {lt: 2}\n",
        )
      )[0]?.reason,
    ).toBe("correlation unsupported: temporal condition from above");
    const invalid = async (files: Record<string, string>) =>
      (await plan(files)).invalid.map((issue) => issue.path);
    expect(
      await invalid({
        "c.yml": correlation(
          "  type: event_count\n  rules: nowhere\n  timespan: 1h\n  condition: {gte: 5}\n",
        ),
      }),
    ).toEqual(["correlation.rules.0"]);
    const loop = `title: A\nname: a\ncorrelation: {type: temporal, rules: [b, recon_cmd_a], timespan: 1m}\n---\ntitle: B\nname: b\ncorrelation: {type: temporal, rules: [a, recon_cmd_b], timespan: 1m}\n`;
    // Each is refused at the reference that leads into the loop.
    expect(await invalid({ "b.yml": bases, "loop.yml": loop })).toEqual([
      "correlation.rules.0",
      "correlation.rules.0",
    ]);
  });
});
