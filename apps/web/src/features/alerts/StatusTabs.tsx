import { ALERT_STATUSES, OPEN_ALERT_STATUSES } from "@vigie/contracts";
import { useDashboardSummary } from "../../api/dashboard.ts";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";
import type { AlertsSearch } from "../../routes/router.tsx";

/** The status tabs: everything, what is still open, then each status. */
const TABS: { value: string | undefined; label: MessageKey }[] = [
  { value: undefined, label: "common.all" },
  { value: OPEN_ALERT_STATUSES.join(","), label: "alerts.open" },
  ...ALERT_STATUSES.map((status) => ({ value: status, label: `status.${status}` as MessageKey })),
];

/** Filters the dashboard's per-status totals know nothing of: with any of them set, the totals are hidden. */
const NARROWING = [
  "severity",
  "site_id",
  "rule_id",
  "technique",
  "group_value",
  "assignee",
  "q",
  "range",
  "from",
  "to",
] as const;

/** Tabs per status with their totals (from the dashboard summary, so only when nothing else narrows the list). */
export function StatusTabs({
  search,
  onChange,
}: {
  search: AlertsSearch;
  onChange: (status: string | undefined) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const summary = useDashboardSummary();
  const narrowed = NARROWING.some((key) => search[key]);
  const byStatus = narrowed ? undefined : summary.data?.alerts_by_status;
  const countOf = (value: string) =>
    byStatus && value.split(",").reduce((sum, s) => sum + (byStatus[s as keyof typeof byStatus] ?? 0), 0);
  return (
    <div
      role="tablist"
      aria-label={t("events.col.status")}
      className="flex shrink-0 gap-1 overflow-x-auto border-b border-line bg-panel px-3 sm:px-5"
    >
      {TABS.map(({ value, label }) => (
        <button
          key={value ?? "all"}
          type="button"
          role="tab"
          aria-selected={search.status === value}
          onClick={() => onChange(value)}
          className="shrink-0 whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-muted hover:text-fg aria-selected:border-accent aria-selected:text-fg"
        >
          {t(label)}
          {value && byStatus && (
            <span className="ml-1.5 rounded-full bg-raised px-1.5 text-[11px] tabular-nums text-muted">
              {fmt.number(countOf(value))}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
