import type { Rule } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.ts";
import { type CommitEvaluation, CommitQueue, type EvaluatedBatch } from "./commit-queue.ts";

const rule = { id: "r1" } as Rule;
const batch = (ids: string[], fired = 0): EvaluatedBatch => ({
  events: ids,
  firings: ids.slice(0, fired).map((event_id) => ({
    event_id,
    rule,
    firing: {
      rule_id: "r1",
      group_value: "*",
      matched_event_ids: [event_id],
      matched_event_count: 1,
      event_time: "2026-12-03T00:00:00.000Z",
      site_id: null,
      group_fields: {},
    },
  })),
});

/** A queue whose commits fail `failures` times first; records what each successful commit carried. */
function queueFailing(failures: number) {
  const commits: { events: string[]; firings: string[] }[] = [];
  const committed: string[] = [];
  let attempts = 0;
  const commit: CommitEvaluation = async (evaluation, ruleOf) => {
    attempts++;
    if (attempts <= failures) throw new Error("storage is down");
    expect(ruleOf("r1")).toBe(rule);
    commits.push({ events: evaluation.events, firings: evaluation.firings.map((f) => f.event_id) });
    return evaluation.firings;
  };
  const queue = new CommitQueue({
    commit,
    committed: (events) => committed.push(...events),
    logger: createLogger("silent"),
  });
  return { queue, commits, committed, attempts: () => attempts };
}

describe("CommitQueue", () => {
  it("commits the batches queued meanwhile together, in order, firings with the event that completed them", async () => {
    const { queue, commits, committed } = queueFailing(0);
    queue.push(batch(["a", "b"], 1));
    queue.push(batch(["c"], 1));
    queue.push(batch(["d"]));
    await queue.idle();
    expect(commits).toEqual([
      { events: ["a", "b"], firings: ["a"] },
      { events: ["c", "d"], firings: ["c"] },
    ]);
    expect(committed).toEqual(["a", "b", "c", "d"]);
  });

  it("retries a failed commit instead of dropping its firings", async () => {
    const { queue, commits, attempts } = queueFailing(2);
    queue.push(batch(["a"], 1));
    await queue.idle();
    expect(attempts()).toBe(3);
    expect(commits).toEqual([{ events: ["a"], firings: ["a"] }]);
  });

  it("gives a failing commit up once stopping (its events stay pending in storage)", async () => {
    const { queue, commits, committed } = queueFailing(Number.POSITIVE_INFINITY);
    queue.push(batch(["a"], 1));
    await queue.stop();
    expect(commits).toEqual([]);
    expect(committed).toEqual([]);
  });
});
