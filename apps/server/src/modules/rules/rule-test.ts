import type { Rule } from "@vigie/contracts";
import { backtest } from "../../detection/backtest.ts";
import { filterRequirements } from "../../detection/match.ts";
import { oldestStoredEventTime, storedEventsInTimeOrder } from "../../detection/stored-events.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";

/** Most stored events one test replays (a bound on the request's time and memory). */
export const MAX_TEST_EVENTS = 2_000_000;

/**
 * The stored events a first-seen rule learns from before the tested range: its history, of the event
 * types its filter requires, as the engine learns it (docs/adr/0029); none for other rules.
 */
async function historyBefore(db: Database, rule: Rule, from: Date) {
  if (rule.rule_type !== "first_seen") return undefined;
  const types = filterRequirements(rule.conditions.event_filter).values.get("event_type");
  const start = from.getTime() - rule.conditions.history_days * 86_400_000;
  const oldest = await oldestStoredEventTime(db);
  const events = storedEventsInTimeOrder(db, {
    from: new Date(start),
    to: from,
    limit: MAX_TEST_EVENTS,
    evaluatedOnly: true,
    ...(types && { eventTypes: [...types] }),
  });
  return { events, knownSince: oldest && Math.max(oldest.getTime(), start) };
}

/**
 * `POST /rules/:id/test`: replays the stored events of the last `hours` (event time) through the rule
 * with a fresh state (a first-seen rule first learns its history before them); nothing is persisted.
 * `truncated` says the replay stopped at `MAX_TEST_EVENTS`.
 */
export async function testRule(db: Database, clock: Clock, rule: Rule, hours: number) {
  const to = clock.now();
  const from = new Date(to.getTime() - hours * 3_600_000);
  const result = await backtest(
    rule,
    storedEventsInTimeOrder(db, { from, to, limit: MAX_TEST_EVENTS }),
    await historyBefore(db, rule, from),
  );
  return {
    rule_id: rule.id,
    rule_name: rule.name,
    ...result,
    truncated: result.events_evaluated >= MAX_TEST_EVENTS,
  };
}
