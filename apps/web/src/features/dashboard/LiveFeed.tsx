import { Link } from "@tanstack/react-router";
import type { LogStreamItem } from "@vigie/contracts";
import { useMemo } from "react";
import { useLogs } from "../../api/logs.ts";
import { SeverityDot } from "../../components/badges.tsx";
import { Panel } from "../../components/Panel.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { useLiveStore } from "../../stores/live.ts";

const FEED_SIZE = 50;

/** Live arrivals first, then the newest stored events, so the feed is never blank after a page load. */
export function feedItems(live: LogStreamItem[], stored: LogStreamItem[], size = FEED_SIZE): LogStreamItem[] {
  const seen = new Set(live.map((e) => e.id));
  return [...live, ...stored.filter((e) => !seen.has(e.id))].slice(0, size);
}

/** The latest events, updated as they arrive on the stream (text only: event fields are untrusted). */
export function LiveFeed() {
  const t = useT();
  const fmt = useFormat();
  const live = useLiveStore((s) => s.events);
  const stored = useLogs({ per_page: FEED_SIZE });
  const items = useMemo(() => feedItems(live, stored.data?.items ?? []), [live, stored.data]);
  return (
    <Panel title={t("dashboard.liveFeed")} testId="live-feed" className="absolute inset-0">
      {items.length === 0 ? (
        <p className="p-4 text-muted">{t("dashboard.liveFeedEmpty")}</p>
      ) : (
        <ol className="min-h-0 flex-1 overflow-auto" aria-live="polite">
          {items.map((e) => (
            <li key={e.id} data-testid="live-feed-item" className="border-b border-line/50 last:border-b-0">
              <Link
                to="/events"
                search={{ event: e.id }}
                className="grid grid-cols-[auto_auto_1fr] items-center gap-x-2 px-4 py-1.5 text-[12px] hover:bg-raised"
                title={e.event_type}
              >
                <SeverityDot severity={e.severity} />
                <span className="tabular-nums text-muted">{fmt.dateTime(e.timestamp).slice(-8)}</span>
                <span className="truncate">{e.event_type}</span>
                <span />
                <span className="font-mono text-[11px] text-muted">{e.site_id ?? "—"}</span>
                <span className="truncate text-right font-mono text-[11px] text-muted">
                  {e.source_ip ?? e.hostname ?? ""}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
