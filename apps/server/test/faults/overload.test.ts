import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRunPostgres, type PrivatePostgres, startPrivatePostgres } from "./support/private-postgres.ts";
import { ingestBatch, type Outcome, plainEvents } from "./support/vigie-client.ts";
import { startVigieNode, type VigieNode } from "./support/vigie-node.ts";

/** A small ingest queue, so that 24 senders of 1,000-event batches overflow it on any machine. */
const QUEUE_EVENTS = 5_000;
const SENDERS = 24;
const BATCH = 1_000;
const SECONDS = 15;
/** What the node may reach while overloaded: its usual footprint (about 450 MiB) plus the queue and the requests in flight. */
const MAX_RSS_MIB = 900;

/** The process's resident memory peak so far (Linux). */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

describe.skipIf(!canRunPostgres())("overload (needs initdb, pg_ctl)", () => {
  let pg: PrivatePostgres;
  let node: VigieNode;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    node = await startVigieNode({
      databaseUrl: pg.url,
      env: { VIGIE_INGEST_QUEUE_EVENTS: String(QUEUE_EVENTS) },
    });
  });
  afterAll(async () => {
    await node?.stop();
    await pg?.close();
  });

  it("answers 201 or 503 with Retry-After, holds its memory, loses no acknowledged event and recovers", async () => {
    const outcomes: Outcome[] = [];
    const until = Date.now() + SECONDS * 1000;
    const sender = async (index: number) => {
      for (let batch = 0; Date.now() < until; batch++) {
        // No pause after a 503: a sender that ignores Retry-After is the worst case.
        outcomes.push(await ingestBatch(node.baseUrl, plainEvents(BATCH, `over-${index}-${batch}`), 60_000));
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, index) => sender(index)));

    const statuses = [...new Set(outcomes.map((outcome) => outcome.status))].sort();
    expect(statuses).toEqual([201, 503]);
    for (const refused of outcomes.filter((outcome) => outcome.status === 503))
      expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(node.alive()).toBe(true);
    const peak = peakRssMiB(node.pid);
    console.info("overload:", {
      requests: outcomes.length,
      accepted: outcomes.filter((o) => o.status === 201).length,
      refused: outcomes.filter((o) => o.status === 503).length,
      peak_rss_mib: Math.round(peak),
    });
    expect(peak).toBeLessThan(MAX_RSS_MIB);

    const acked = outcomes.flatMap((outcome) => outcome.ids);
    const [row] = await pg.query<{ stored: number }>(
      "SELECT count(*)::int AS stored FROM events WHERE id = ANY($1::uuid[])",
      [acked],
    );
    expect(row?.stored).toBe(acked.length);
    // Once the burst is over, a sender is served at once.
    expect((await ingestBatch(node.baseUrl, plainEvents(10, "after"), 10_000)).status).toBe(201);
    expect((await fetch(`${node.baseUrl}/health`)).status).toBe(200);
  }, 180_000);
});
