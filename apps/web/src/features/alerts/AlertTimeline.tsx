import type { Alert, AlertHistoryEntry } from "../../api/types.ts";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";

/** The line of one timeline entry: who moved the status, wrote a note or (un)assigned the alert. */
function describe(entry: AlertHistoryEntry, t: Translate): string {
  const by = entry.by ?? "—";
  if (entry.kind === "note") return t("alerts.timeline.note", { user: by });
  if (entry.kind === "assignment")
    return entry.assignee
      ? t("alerts.timeline.assigned", { user: by, assignee: entry.assignee })
      : t("alerts.timeline.unassigned", { user: by });
  const from = entry.from ? `${t(`status.${entry.from}` as Parameters<Translate>[0])} → ` : "";
  return `${by}: ${from}${entry.to ? t(`status.${entry.to}`) : ""}`;
}

/** The alert's timeline, oldest first, from its raising: status changes (with notes), notes, assignments. */
export function AlertTimeline({ alert }: { alert: Alert }) {
  const t = useT();
  const fmt = useFormat();
  const entries = [
    { at: alert.created_at, text: t("alerts.created"), notes: null, kind: "raised" },
    ...(alert.history ?? []).map((h) => ({
      at: h.at,
      text: describe(h, t),
      notes: h.notes ?? null,
      kind: h.kind,
    })),
    // Entries are append-only and may share a timestamp: their position is their identity.
  ].map((entry, position) => ({ ...entry, key: `${entry.at}-${position}` }));
  return (
    <ol className="flex flex-col gap-1.5" data-testid="alert-history">
      {entries.map((e) => (
        <li
          key={e.key}
          className={`flex flex-col border-l-2 pl-2.5 ${e.kind === "note" ? "border-accent" : "border-line"}`}
          data-kind={e.kind}
        >
          <span className="flex flex-wrap gap-x-2">
            <span className="tabular-nums text-muted">{fmt.dateTime(e.at)}</span>
            <span>{e.text}</span>
          </span>
          {e.notes && (
            <span className="mt-0.5 whitespace-pre-wrap break-words rounded bg-raised px-2 py-1">
              {e.notes}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
