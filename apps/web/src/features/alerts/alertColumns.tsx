import { useEffect, useRef } from "react";
import type { Alert } from "../../api/types.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import type { Column } from "../../components/DataTable.tsx";
import type { Translate } from "../../i18n/index.ts";
import type { Selection } from "./selection.ts";

/** A tick box that never opens the row it sits in (click, Space and Enter stay in the box). */
export function SelectBox({
  checked,
  indeterminate = false,
  label,
  onChange,
}: {
  checked: boolean;
  indeterminate?: boolean;
  label: string;
  onChange: (checked: boolean) => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={box}
      type="checkbox"
      className="size-4 cursor-pointer accent-accent align-middle"
      checked={checked}
      aria-label={label}
      onChange={(e) => onChange(e.target.checked)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid="alert-select"
    />
  );
}

/** The "select this page" box of a list of alerts. */
function SelectPage({ alerts, selection, t }: { alerts: Alert[]; selection: Selection; t: Translate }) {
  const ticked = alerts.filter((a) => selection.has(a.id)).length;
  return (
    <SelectBox
      checked={alerts.length > 0 && ticked === alerts.length}
      indeterminate={ticked > 0 && ticked < alerts.length}
      label={t("alerts.selectPage")}
      onChange={(on) =>
        selection.setMany(
          alerts.map((a) => a.id),
          on,
        )
      }
    />
  );
}

/** Columns of the alert list, most of them sortable; the first ticks alerts for a bulk change. */
export function alertColumns(
  t: Translate,
  dateTime: (iso: string) => string,
  selection: Selection,
  alerts: Alert[],
): Column<Alert>[] {
  return [
    {
      id: "select",
      header: <SelectPage alerts={alerts} selection={selection} t={t} />,
      width: "2.5rem",
      cell: (a) => (
        <SelectBox
          checked={selection.has(a.id)}
          label={t("alerts.selectOne", { title: a.title })}
          onChange={() => selection.toggle(a.id)}
        />
      ),
    },
    {
      id: "created",
      header: t("alerts.col.time"),
      width: "9.5rem",
      sortKey: "created_at",
      cell: (a) => <span className="tabular-nums">{dateTime(a.created_at)}</span>,
    },
    {
      id: "severity",
      header: t("events.col.severity"),
      width: "6.5rem",
      sortKey: "severity",
      cell: (a) => <SeverityBadge severity={a.severity} />,
    },
    {
      id: "title",
      header: t("alerts.col.title"),
      sortKey: "title",
      cell: (a) => <span title={a.title}>{a.title}</span>,
    },
    {
      id: "count",
      header: t("alerts.col.events"),
      width: "5.5rem",
      sortKey: "matched_event_count",
      cell: (a) => <span className="tabular-nums">{a.matched_event_count}</span>,
    },
    {
      id: "last_seen",
      header: t("alerts.col.lastSeen"),
      width: "9.5rem",
      sortKey: "last_seen",
      cell: (a) => <span className="tabular-nums">{a.last_seen ? dateTime(a.last_seen) : "—"}</span>,
    },
    {
      id: "site",
      header: t("events.col.site"),
      width: "6.5rem",
      sortKey: "site_id",
      cell: (a) => <span className="font-mono text-[12px]">{a.site_id ?? "—"}</span>,
    },
    {
      id: "assignee",
      header: t("alerts.col.assignee"),
      width: "8rem",
      sortKey: "assignee",
      cell: (a) =>
        a.assignee ? (
          <span title={a.assignee} data-testid="alert-assignee">
            {a.assignee}
          </span>
        ) : (
          <span className="text-muted">—</span>
        ),
    },
    {
      id: "status",
      header: t("events.col.status"),
      width: "8rem",
      sortKey: "status",
      cell: (a) => <StatusBadge status={a.status} />,
    },
  ];
}
