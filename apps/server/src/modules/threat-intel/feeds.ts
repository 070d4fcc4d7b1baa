import { Cron } from "croner";
import type { AppContext } from "../../container.ts";
import { withAdvisoryLock } from "../../platform/db/advisory-lock.ts";
import { INDICATOR_BODY_LIMIT } from "./indicators.routes.ts";
import { indicatorsServiceOf } from "./indicators.service.ts";

/** One list fetched on a schedule: the source it is imported as, and where it is read. */
export interface IndicatorFeed {
  source: string;
  url: string;
}

// Several worker nodes fetch one after another, not at once (a second import of the same text changes nothing).
const FEED_LOCK = 7263026;
const FETCH_TIMEOUT_MS = 60_000;

/** Reads `VIGIE_INDICATOR_FEEDS` (`source=https://…,other=https://…`); throws naming the bad entry. */
export function parseFeeds(text: string | undefined): IndicatorFeed[] {
  if (!text?.trim()) return [];
  return text.split(",").map((entry) => {
    const at = entry.indexOf("=");
    const source = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    let protocol = "";
    try {
      protocol = new URL(url).protocol;
    } catch {}
    if (at <= 0 || source.length > 100 || (protocol !== "https:" && protocol !== "http:"))
      throw new Error(`VIGIE_INDICATOR_FEEDS: "${entry.trim()}" is not source=http(s)://…`);
    return { source, url };
  });
}

/** A feed's text, refused past the import's size limit or after a minute. */
export async function fetchFeed(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > INDICATOR_BODY_LIMIT) throw new Error(`larger than ${INDICATOR_BODY_LIMIT} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Fetches and imports each feed now (a failing feed is logged and leaves its list as it was). */
export async function runFeeds(ctx: AppContext, feeds: readonly IndicatorFeed[]): Promise<void> {
  const service = indicatorsServiceOf(ctx);
  await withAdvisoryLock(ctx.db, FEED_LOCK, async () => {
    for (const feed of feeds) {
      try {
        const text = await fetchFeed(feed.url);
        const report = await service.import(
          text,
          { source: feed.source, format: "auto", confidence: 50, expires_at: null },
          { actor: null },
        );
        const { import_id, accepted, added, refused_count, look_back } = report;
        ctx.logger.info(
          { source: feed.source, import_id, accepted, added, refused_count, look_back },
          "indicator feed imported",
        );
      } catch (error) {
        ctx.logger.error({ err: error, source: feed.source }, "indicator feed failed");
      }
    }
  });
}

/** On worker nodes: the feeds at start, then every `VIGIE_INDICATOR_FEED_HOURS`; null without feeds. */
export function scheduleFeeds(ctx: AppContext): { stop(): void } | null {
  const feeds = parseFeeds(ctx.config.VIGIE_INDICATOR_FEEDS);
  if (!feeds.length) return null;
  const job = new Cron(`41 */${ctx.config.VIGIE_INDICATOR_FEED_HOURS} * * *`, { protect: true }, () =>
    runFeeds(ctx, feeds),
  );
  void runFeeds(ctx, feeds);
  return { stop: () => job.stop() };
}
