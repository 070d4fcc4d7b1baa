import { Link } from "@tanstack/react-router";
import { ALERT_STATUSES } from "@vigie/contracts";
import { useDashboardSummary } from "../../api/dashboard.ts";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

/** Alerts per lifecycle status as plain bars; each row opens the alerts page on that status. */
export function AlertsByStatus() {
  const t = useT();
  const fmt = useFormat();
  const summary = useDashboardSummary();
  return (
    <Panel title={t("dashboard.alertsByStatus")} testId="alerts-by-status">
      <QueryView query={summary}>
        {(data) => {
          const max = Math.max(1, ...ALERT_STATUSES.map((s) => data.alerts_by_status[s] ?? 0));
          return (
            <ul className="flex flex-col gap-3 p-4">
              {ALERT_STATUSES.map((status) => {
                const count = data.alerts_by_status[status] ?? 0;
                return (
                  <li key={status}>
                    <Link
                      to="/alerts"
                      search={{ status }}
                      className="grid grid-cols-[7.5rem_1fr_2.5rem] items-center gap-2 hover:text-accent"
                    >
                      <span className="truncate">{t(`status.${status}`)}</span>
                      <span className="h-2 rounded bg-raised">
                        <span
                          className="block h-2 rounded bg-accent/70"
                          style={{ width: `${(count / max) * 100}%` }}
                        />
                      </span>
                      <span className="text-right tabular-nums">{fmt.number(count)}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          );
        }}
      </QueryView>
    </Panel>
  );
}
