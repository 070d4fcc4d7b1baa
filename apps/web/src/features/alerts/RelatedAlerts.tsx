import { useRelatedAlerts } from "../../api/alerts.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

/** Other alerts on the same host, address or user, newest activity first, each saying what it shares. */
export function RelatedAlerts({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const t = useT();
  const fmt = useFormat();
  const related = useRelatedAlerts(id);
  return (
    <QueryView
      query={related}
      isEmpty={(d) => d.items.length === 0}
      empty={<p className="text-muted">{t("alerts.noRelated")}</p>}
    >
      {({ items }) => (
        <ul
          className="flex flex-col divide-y divide-line/60 rounded-md border border-line"
          data-testid="related-alerts"
        >
          {items.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="flex w-full min-w-0 flex-wrap items-center gap-x-2 gap-y-1 px-2 py-1.5 text-left hover:bg-raised"
                onClick={() => onOpen(a.id)}
              >
                <SeverityBadge severity={a.severity} />
                <span className="min-w-0 flex-1 truncate">{a.title}</span>
                <StatusBadge status={a.status} />
                <span className="flex basis-full flex-wrap items-center gap-1 text-[12px] text-muted">
                  <span className="tabular-nums">{fmt.dateTime(a.last_seen ?? a.created_at)}</span>
                  {a.shared.map((entity) => (
                    <span key={entity} className="rounded bg-raised px-1.5 font-mono text-[11px] text-fg">
                      {entity}
                    </span>
                  ))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </QueryView>
  );
}
