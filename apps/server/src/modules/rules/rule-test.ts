import type { Rule } from "@vigie/contracts";
import { backtest } from "../../detection/backtest.ts";
import { storedEventsInTimeOrder } from "../../detection/stored-events.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";

/** Most stored events one test replays (a bound on the request's time and memory). */
export const MAX_TEST_EVENTS = 2_000_000;

/**
 * `POST /rules/:id/test`: replays the stored events of the last `hours` (event time) through the rule
 * with a fresh state; nothing is persisted. `truncated` says the replay stopped at `MAX_TEST_EVENTS`.
 */
export async function testRule(db: Database, clock: Clock, rule: Rule, hours: number) {
  const to = clock.now();
  const from = new Date(to.getTime() - hours * 3_600_000);
  const result = await backtest(rule, storedEventsInTimeOrder(db, { from, to, limit: MAX_TEST_EVENTS }));
  return {
    rule_id: rule.id,
    rule_name: rule.name,
    ...result,
    truncated: result.events_evaluated >= MAX_TEST_EVENTS,
  };
}
