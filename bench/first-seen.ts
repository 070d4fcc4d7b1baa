/**
 * `npm run bench:first-seen [-- --events 2000000 --users 300 --logons 2]`: what a first-seen rule's history
 * costs at start (docs/adr/0029). Loads `events` everyday events over 30 days into a fresh PostgreSQL
 * database (BENCH_DATABASE_URL), plus `users` × `logons` VPN logons a day from a few countries, then
 * times the learning of the default rule "VPN Logon From a New Country" (its 30 days, read through the
 * event-type index) into a memory store, and says how far back the general replay (1M newest events) reaches.
 */
import { parseArgs } from "node:util";
import { type Rule, RuleCreateSchema } from "@vigie/contracts";
import { RuleSet } from "../apps/server/src/detection/engine-core.ts";
import { learnHistory, MAX_REPLAYED_EVENTS } from "../apps/server/src/detection/replay.ts";
import { vpnLogonFromNewCountry } from "../apps/server/src/detection/rule-pack.ts";
import { MemoryWindowStore } from "../apps/server/src/detection/state/memory-store.ts";
import { oldestStoredEventTime, recentStoredEvents } from "../apps/server/src/detection/stored-events.ts";
import { openDatabase } from "../apps/server/src/platform/db/database.ts";
import { loadEvents, SPAN_DAYS } from "./query-data.ts";
import { BENCH_PG_URL, benchDatabase } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000000" },
    users: { type: "string", default: "300" },
    logons: { type: "string", default: "2" },
    pg: { type: "string", default: BENCH_PG_URL },
  },
});
const TOTAL = Number(values.events);
const USERS = Number(values.users);
const PER_DAY = Number(values.logons);
const NOW = Date.now();
const DAY = 86_400_000;

/** VPN logons: each user from their own country, one logon in 50 from another (travel). */
const vpnLogonsSql = (count: number) => `
  INSERT INTO events (id, "timestamp", received_at, site_id, source_type, event_type, severity, status, source_ip,
    username, message, raw, normalized, created_at, updated_at)
  SELECT gen_random_uuid(), ts, ts, 'AUDIO_001', 'firewall', 'vpn_tunnel_up', 'info', 'new', '198.51.100.' || (i % 250),
    'vpnuser' || (i % ${USERS}), 'SSL tunnel established', '{}',
    jsonb_build_object('source_country', CASE WHEN i % 50 = 0 THEN (ARRAY['DE','ES','IT','BE','RU'])[1 + (i / 50) % 5]
      ELSE (ARRAY['FR','FR','FR','BE','CH'])[1 + (i % ${USERS}) % 5] END), ts, ts
  FROM (SELECT i, to_timestamp((${NOW - SPAN_DAYS * DAY} + (i::float8 / ${count}) * ${SPAN_DAYS * DAY}) / 1000) AS ts
    FROM generate_series(1, ${count}) AS i) g`;

async function main(): Promise<void> {
  const database = await benchDatabase(values.pg, "bench", "vigie_dev_firstseen");
  const db = await openDatabase({ url: database.url });
  try {
    await loadEvents(db.pool, TOTAL, NOW, (done) =>
      process.stderr.write(`\rloaded ${done.toLocaleString("en")} events`),
    );
    const logons = USERS * PER_DAY * SPAN_DAYS;
    await db.pool.query(vpnLogonsSql(logons));
    // Evaluated long ago: only evaluated events are learnt from (the pending ones are evaluated live).
    await db.pool.query("DELETE FROM detection_pending");
    await db.pool.query("VACUUM ANALYZE events");
    process.stderr.write("\n");
    const rule = {
      ...RuleCreateSchema.parse(vpnLogonFromNewCountry()),
      id: "bench-first-seen",
    } as unknown as Rule;
    const ruleSet = RuleSet.from([rule]);
    const store = new MemoryWindowStore();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const read = await learnHistory(ruleSet, [rule], {
      store,
      clock: { now: () => new Date(NOW) },
      history: (from, limit, eventTypes) => recentStoredEvents(db, from, limit, eventTypes),
      oldestEventTime: () => oldestStoredEventTime(db),
    });
    const ms = performance.now() - started;
    const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const perDay = (TOTAL + logons) / SPAN_DAYS;
    console.log(
      `${(TOTAL + logons).toLocaleString("en")} events over ${SPAN_DAYS} days (${logons.toLocaleString("en")} VPN logons, ${USERS} users), PostgreSQL`,
    );
    console.log(
      `first-seen history learnt: ${read.toLocaleString("en")} events read in ${ms.toFixed(0)} ms, heap +${heapMiB.toFixed(1)} MiB`,
    );
    console.log(
      `the general replay (newest ${MAX_REPLAYED_EVENTS.toLocaleString("en")} events) reaches back ${((MAX_REPLAYED_EVENTS / perDay) * 24).toFixed(1)} h at this rate (${Math.round(perDay).toLocaleString("en")} events/day)`,
    );
  } finally {
    await db.close();
    await database.drop();
  }
}

await main();
