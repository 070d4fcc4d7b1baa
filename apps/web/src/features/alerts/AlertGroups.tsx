import { useState } from "react";
import { type AlertFilters, type AlertGrouping, useAlerts } from "../../api/alerts.ts";
import type { AlertGroup } from "../../api/types.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { SelectBox } from "./alertColumns.tsx";
import type { Selection } from "./selection.ts";

/** Alerts shown under an expanded group; the rest are one click away in the list. */
const EXPANDED_LIMIT = 50;

const groupKey = (g: AlertGroup) => `${g.rule_id}\u0000${g.group_value ?? ""}`;

/** The alerts of one group, tickable, each opening the drawer. */
function GroupAlerts({
  group,
  filters,
  selection,
  onOpen,
  onShowAll,
}: {
  group: AlertGroup;
  filters: AlertFilters;
  selection: Selection;
  onOpen: (id: string) => void;
  onShowAll: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const scope = { rule_id: group.rule_id, ...(group.group_value ? { group_value: group.group_value } : {}) };
  const alerts = useAlerts({ ...filters, ...scope, page: 1, per_page: EXPANDED_LIMIT });
  const items = alerts.data?.items ?? [];
  if (alerts.isPending) return <p className="px-3 py-2 text-muted">{t("common.loading")}</p>;
  return (
    <div className="bg-raised/40 py-1 pr-2 pl-6">
      <ul className="flex flex-col">
        {items.map((a) => (
          <li key={a.id} className="flex min-w-0 items-center gap-2 px-2 py-1" data-testid="group-alert">
            <SelectBox
              checked={selection.has(a.id)}
              label={t("alerts.selectOne", { title: a.title })}
              onChange={() => selection.toggle(a.id)}
            />
            <button
              type="button"
              className="grid min-w-0 flex-1 grid-cols-[auto_1fr_auto] items-center gap-2 text-left hover:text-accent sm:grid-cols-[auto_1fr_9.5rem_7rem_7.5rem]"
              onClick={() => onOpen(a.id)}
            >
              <SeverityBadge severity={a.severity} />
              <span className="min-w-0 truncate">{a.title}</span>
              <span className="tabular-nums text-muted max-sm:hidden">
                {fmt.dateTime(a.last_seen ?? a.created_at)}
              </span>
              <span className="truncate text-muted max-sm:hidden">{a.assignee ?? "—"}</span>
              <StatusBadge status={a.status} />
            </button>
          </li>
        ))}
      </ul>
      {(alerts.data?.total ?? 0) > items.length && (
        <button type="button" className="px-2 py-1 text-accent hover:underline" onClick={onShowAll}>
          {t("alerts.groups.showAll", { count: alerts.data?.total ?? 0 })}
        </button>
      )}
    </div>
  );
}

/**
 * The grouped view: one row per rule (or rule and group value) with its counts, biggest first; a row
 * expands into its alerts, which can be ticked for a bulk change like the list's.
 */
export function AlertGroupsTable({
  groups,
  by,
  filters,
  selection,
  onOpen,
  onShowAll,
}: {
  groups: AlertGroup[];
  by: AlertGrouping;
  filters: AlertFilters;
  selection: Selection;
  onOpen: (id: string) => void;
  onShowAll: (group: AlertGroup) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const head =
    "border-b border-line px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-muted";
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div tabIndex={0} className="min-h-0 flex-1 overflow-auto" data-testid="alert-groups">
      <table className="w-full min-w-[46rem] border-separate border-spacing-0 text-[12.5px]">
        <thead className="sticky top-0 z-10 bg-raised">
          <tr>
            <th scope="col" className={head}>
              {by === "rule" ? t("alerts.groups.rule") : t("alerts.groups.ruleGroup")}
            </th>
            <th scope="col" className={`${head} w-28`}>
              {t("events.col.severity")}
            </th>
            <th scope="col" className={`${head} w-20 text-right`}>
              {t("alerts.groups.count")}
            </th>
            <th scope="col" className={`${head} w-20 text-right`}>
              {t("alerts.groups.open")}
            </th>
            <th scope="col" className={`${head} w-24 text-right`}>
              {t("alerts.groups.unassigned")}
            </th>
            <th scope="col" className={`${head} w-40`}>
              {t("alerts.col.lastSeen")}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const key = groupKey(g);
            const open = expanded.has(key);
            const cell = "border-b border-line/60 px-2 py-1.5 align-middle";
            return [
              <tr key={key} data-testid="alert-group" className="hover:bg-raised/70">
                <td className={`${cell} max-w-0`}>
                  <button
                    type="button"
                    aria-expanded={open}
                    className="flex w-full min-w-0 items-center gap-2 text-left"
                    onClick={() => toggle(key)}
                    data-testid="alert-group-toggle"
                  >
                    <span
                      aria-hidden="true"
                      className={`shrink-0 text-muted transition ${open ? "rotate-90" : ""}`}
                    >
                      ▸
                    </span>
                    <span className="truncate font-medium">{g.rule_name}</span>
                    {g.group_value && (
                      <span className="truncate font-mono text-[12px] text-muted">{g.group_value}</span>
                    )}
                  </button>
                </td>
                <td className={cell}>
                  <SeverityBadge severity={g.severity} />
                </td>
                <td className={`${cell} text-right tabular-nums`} data-testid="alert-group-count">
                  {fmt.number(g.count)}
                </td>
                <td className={`${cell} text-right tabular-nums`}>{fmt.number(g.open_count)}</td>
                <td className={`${cell} text-right tabular-nums`}>{fmt.number(g.unassigned_open_count)}</td>
                <td className={`${cell} tabular-nums`}>{fmt.dateTime(g.last_seen)}</td>
              </tr>,
              open && (
                <tr key={`${key}-alerts`}>
                  <td colSpan={6} className="border-b border-line/60 p-0">
                    <GroupAlerts
                      group={g}
                      filters={filters}
                      selection={selection}
                      onOpen={onOpen}
                      onShowAll={() => onShowAll(g)}
                    />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
