import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import type { Column } from "../../components/DataTable.tsx";
import type { Translate } from "../../i18n/index.ts";
import { fieldValue } from "./fieldInfo.ts";
import type { EventRow } from "./liveMerge.ts";
import { quoted } from "./queryEdit.ts";

/** What an analyst can pivot on from an event (`ip` covers source and destination). */
export type PivotField = "ip" | "username" | "hostname";

/** The search of a pivot: every event sharing the value, in the search language. */
export function pivotQuery(field: PivotField, value: string): string {
  return field === "ip"
    ? `source_ip:${quoted(value)} OR dest_ip:${quoted(value)}`
    : `${field}:${quoted(value)}`;
}

/** A value that opens a pivot when clicked, without also opening the row. */
function PivotLink({
  value,
  field,
  onPivot,
}: {
  value: string | null | undefined;
  field: PivotField;
  onPivot: (f: PivotField, v: string) => void;
}) {
  if (!value) return <span className="text-muted">—</span>;
  return (
    <button
      type="button"
      className="max-w-full truncate font-mono text-[12px] hover:text-accent hover:underline"
      title={value}
      onClick={(e) => {
        e.stopPropagation();
        onPivot(field, value);
      }}
    >
      {value}
    </button>
  );
}

/** Columns of the events table; every value is rendered as text. */
export function eventColumns(
  t: Translate,
  dateTime: (iso: string) => string,
  onPivot: (f: PivotField, v: string) => void,
): Column<EventRow>[] {
  return [
    {
      id: "timestamp",
      header: t("events.col.timestamp"),
      width: "9.5rem",
      cell: (e) => <span className="tabular-nums">{dateTime(e.timestamp)}</span>,
    },
    {
      id: "severity",
      header: t("events.col.severity"),
      width: "5.75rem",
      cell: (e) => <SeverityBadge severity={e.severity} />,
    },
    {
      id: "site",
      header: t("events.col.site"),
      width: "6rem",
      cell: (e) => <span className="font-mono text-[12px]">{e.site_id ?? "—"}</span>,
    },
    { id: "source", header: t("events.col.source"), width: "7rem", cell: (e) => e.source_type },
    {
      id: "type",
      header: t("events.col.type"),
      cell: (e) => <span title={e.event_type}>{e.event_type}</span>,
    },
    {
      id: "source_ip",
      header: t("events.col.sourceIp"),
      width: "7.5rem",
      cell: (e) => <PivotLink value={e.source_ip} field="ip" onPivot={onPivot} />,
    },
    {
      id: "dest_ip",
      header: t("events.col.destIp"),
      width: "7.5rem",
      cell: (e) => <PivotLink value={e.dest_ip} field="ip" onPivot={onPivot} />,
    },
    {
      id: "user",
      header: t("events.col.user"),
      width: "7rem",
      cell: (e) => <PivotLink value={e.username} field="username" onPivot={onPivot} />,
    },
    {
      id: "host",
      header: t("events.col.host"),
      width: "8.5rem",
      cell: (e) => <PivotLink value={e.hostname} field="hostname" onPivot={onPivot} />,
    },
    {
      id: "message",
      header: t("events.col.message"),
      width: "18rem",
      cell: (e) =>
        e.message ? (
          <span className="block truncate" title={e.message}>
            {e.message}
          </span>
        ) : (
          <span className="text-muted">—</span>
        ),
    },
    {
      id: "status",
      header: t("events.col.status"),
      width: "6.75rem",
      cell: (e) => (e.status ? <StatusBadge status={e.status} /> : null),
    },
  ];
}

/** A column of any field (`source_port`, `normalized.src_country`, `metadata.agent`), its value as text. */
export function fieldColumn(name: string): Column<EventRow> {
  return {
    id: name,
    header: <span className="font-mono normal-case">{name}</span>,
    width: "9rem",
    cell: (e) => {
      const value = fieldValue(e, name);
      return value === undefined ? (
        <span className="text-muted">—</span>
      ) : (
        <span className="block truncate font-mono text-[12px]" title={value}>
          {value}
        </span>
      );
    },
  };
}

/** The columns to show, in the chosen order: the known ones by id, any other id as a field column. */
export function chooseColumns(all: Column<EventRow>[], visible: string[]): Column<EventRow>[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  return visible.map((id) => byId.get(id) ?? fieldColumn(id));
}
