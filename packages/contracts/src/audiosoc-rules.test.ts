import { describe, expect, it } from "vitest";
import {
  AudioSocConditionSchema,
  audioSocConditionToThreshold,
  formatTimeframe,
  parseTimeframe,
  thresholdToAudioSocCondition,
} from "./audiosoc-rules.ts";
import { conditionSchemas } from "./rules.ts";

describe("timeframes", () => {
  it.each([
    ["30s", 30],
    ["10m", 600],
    ["2h", 7_200],
    ["1d", 86_400],
    ["86400s", 86_400],
  ])("parses %s as %d seconds", (timeframe, seconds) => {
    expect(parseTimeframe(timeframe)).toBe(seconds);
  });

  it.each(["", "10", "m", "10 m", "10M", "-5m", "1.5h", "0s", "2d", "10w", "1234567s", "10m "])(
    "rejects %j",
    (bad) => {
      expect(parseTimeframe(bad)).toBeNull();
    },
  );

  it.each([
    [600, "10m"],
    [90, "90s"],
    [7_200, "2h"],
    [86_400, "1d"],
  ])("writes %d seconds as %s", (seconds, timeframe) => {
    expect(formatTimeframe(seconds)).toBe(timeframe);
  });
});

describe("AudioSOC v1 conditions", () => {
  it("validates the condition, reporting a bad timeframe on its field", () => {
    const result = AudioSocConditionSchema.safeParse({
      event_type: "login_failure",
      count: 5,
      timeframe: "ten minutes",
    });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["timeframe"]);
    expect(
      AudioSocConditionSchema.safeParse({ source: "mainframe", count: 5, timeframe: "5m" }).success,
    ).toBe(false);
    expect(AudioSocConditionSchema.safeParse({ count: 0, timeframe: "5m" }).success).toBe(false);
  });

  it("maps to threshold conditions with one global group, source becoming source_type", () => {
    const condition = AudioSocConditionSchema.parse({
      event_type: "login_failure",
      source: "auth",
      severity: "high",
      site_id: null,
      count: 5,
      timeframe: "10m",
    });
    const conditions = audioSocConditionToThreshold(condition);
    expect(conditions).toEqual({
      event_filter: { event_type: "login_failure", source_type: "auth", severity: "high" },
      threshold: 5,
      window_seconds: 600,
      group_by: "",
      across_sites: false,
    });
    expect(conditionSchemas.threshold.safeParse(conditions).success).toBe(true);
  });

  it("returns null for a timeframe that bypassed validation", () => {
    expect(audioSocConditionToThreshold({ count: 1, timeframe: "forever" })).toBeNull();
  });

  it("maps back to the same AudioSOC v1 condition", () => {
    const condition = { event_type: "malware_detected", site_id: "AUDIO_007", count: 1, timeframe: "1h" };
    const conditions = audioSocConditionToThreshold(condition);
    expect(thresholdToAudioSocCondition({ rule_type: "threshold", conditions })).toEqual(condition);
  });

  it.each([
    ["another rule type", "sequence", { event_filter: {}, threshold: 1, window_seconds: 60, group_by: "" }],
    ["a group", "threshold", { event_filter: {}, threshold: 1, window_seconds: 60, group_by: "source_ip" }],
    [
      "a field AudioSOC v1 lacks",
      "threshold",
      { event_filter: { dest_port: 22 }, threshold: 1, window_seconds: 60, group_by: "" },
    ],
    [
      "a non-string value",
      "threshold",
      { event_filter: { event_type: 7 }, threshold: 1, window_seconds: 60, group_by: "" },
    ],
    [
      "an unknown source",
      "threshold",
      { event_filter: { source_type: "x" }, threshold: 1, window_seconds: 60, group_by: "" },
    ],
    [
      "a first-seen rule",
      "first_seen",
      {
        event_filter: { event_type: "vpn_tunnel_up" },
        fields: ["normalized.source_country"],
        history_days: 30,
      },
    ],
  ])("cannot express %s", (_, rule_type, conditions) => {
    expect(thresholdToAudioSocCondition({ rule_type, conditions })).toBeNull();
  });
});
