import { Link } from "@tanstack/react-router";
import { SeverityDot } from "../../components/badges.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { useLiveStore } from "../../stores/live.ts";

const FEED_SIZE = 40;

/** The latest events as they arrive on the stream (text only: event fields are untrusted). */
export function LiveFeed() {
  const t = useT();
  const fmt = useFormat();
  const events = useLiveStore((s) => s.events);
  const latest = events.slice(0, FEED_SIZE);
  return (
    <section className="vg-panel flex min-h-0 flex-col" data-testid="live-feed">
      <h2 className="vg-label border-b border-line px-4 py-3">{t("dashboard.liveFeed")}</h2>
      {latest.length === 0 ? (
        <p className="p-4 text-muted">{t("dashboard.liveFeedEmpty")}</p>
      ) : (
        <ol className="min-h-0 flex-1 overflow-auto" aria-live="polite">
          {latest.map((e) => (
            <li key={e.id} data-testid="live-feed-item" className="border-b border-line/50 px-4 py-1.5">
              <Link
                to="/events"
                search={{ event: e.id }}
                className="flex items-center gap-2 text-[12px] hover:text-accent"
              >
                <SeverityDot severity={e.severity} />
                <span className="shrink-0 tabular-nums text-muted">
                  {fmt.dateTime(e.timestamp).slice(-8)}
                </span>
                <span className="shrink-0 font-mono text-[11px] text-muted">{e.site_id ?? "—"}</span>
                <span className="truncate">{e.event_type}</span>
                <span className="ml-auto shrink-0 font-mono text-[11px] text-muted">{e.source_ip ?? ""}</span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
