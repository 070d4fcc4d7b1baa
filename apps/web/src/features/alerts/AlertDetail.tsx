import { Link } from "@tanstack/react-router";
import type { LogEvent } from "@vigie/contracts";
import type { ReactNode } from "react";
import { useAlert } from "../../api/alerts.ts";
import type { Alert } from "../../api/types.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { AlertCases } from "../cases/AlertCases.tsx";
import { AddException } from "./AddException.tsx";
import { AlertFacts, AlertPivots } from "./AlertFacts.tsx";
import { AlertTimeline } from "./AlertTimeline.tsx";
import { AlertTriagePanel } from "./AlertTriagePanel.tsx";
import { RelatedAlerts } from "./RelatedAlerts.tsx";

function Section({
  title,
  action,
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="flex flex-col gap-2" data-testid={testId}>
      <div className="flex items-center gap-2">
        <h3 className="vg-label">{title}</h3>
        {action && <span className="ml-auto">{action}</span>}
      </div>
      {children}
    </section>
  );
}

/** The events that made the alert fire (the newest the alert keeps), each opening in Events. */
function MatchedEvents({ events }: { events: LogEvent[] }) {
  const fmt = useFormat();
  return (
    <ul
      className="flex flex-col divide-y divide-line/60 rounded-md border border-line"
      data-testid="matched-events"
    >
      {events.map((e) => (
        <li key={e.id}>
          <Link
            to="/events"
            search={{ event: e.id }}
            className="grid grid-cols-[9.5rem_5.5rem_1fr] items-center gap-2 px-2 py-1 hover:bg-raised sm:grid-cols-[9.5rem_5.5rem_1fr_8rem]"
          >
            <span className="tabular-nums text-muted">{fmt.dateTime(e.timestamp)}</span>
            <SeverityBadge severity={e.severity} />
            <span className="truncate">{e.event_type}</span>
            <span className="truncate font-mono text-[12px] text-muted max-sm:hidden">
              {e.source_ip ?? e.username ?? ""}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Deliveries of the rule's actions (log, email, webhook) for this alert. */
function Deliveries({ alert }: { alert: Alert }) {
  const t = useT();
  const fmt = useFormat();
  if (!alert.action_results?.length) return <p className="text-muted">{t("alerts.noActions")}</p>;
  return (
    <ul className="flex flex-col gap-1">
      {alert.action_results.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a rule may have two actions of one type
        <li key={`${a.type}-${i}`} className="flex min-w-0 gap-2">
          <span className="w-20 shrink-0 font-mono">{a.type}</span>
          <span className={a.status === "failed" ? "text-red-700 dark:text-red-300" : ""}>{a.status}</span>
          {a.attempts !== undefined && <span className="text-muted">×{a.attempts}</span>}
          {a.error && <span className="truncate text-muted">{a.error}</span>}
          <span className="ml-auto shrink-0 text-muted">{fmt.dateTime(a.at)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The alert drawer: triage (assignee, note, lifecycle), what the alert is (rule, group fields, first and last
 * seen, occurrences), pivots, its timeline, related alerts, matched events and notification deliveries.
 */
export function AlertDetail({
  id,
  siteFilter,
  onOpenAlert,
  onClose,
}: {
  id: string;
  /** The site the alerts list is narrowed to: pivots keep it. */
  siteFilter?: string;
  onOpenAlert: (id: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const query = useAlert(id);
  const canWriteRules = hasRole(useRole(), "supervisor");
  return (
    <Drawer title={query.data?.alert.title ?? t("alerts.detail")} onClose={onClose} testId="alert-detail">
      <QueryView query={query}>
        {({ alert, matched_events }) => (
          <div className="flex flex-col gap-5">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <StatusBadge status={alert.status} />
              <span className="text-muted" data-testid="alert-detail-assignee">
                {alert.assignee
                  ? t("alerts.assignedTo", { user: alert.assignee })
                  : t("alerts.assignee.unassigned")}
              </span>
              <span className="ml-auto font-mono text-muted">{alert.site_id ?? ""}</span>
            </div>
            <AlertCases alertId={alert.id} />
            <AlertTriagePanel alert={alert} />
            {canWriteRules && <AddException key={alert.id} alert={alert} events={matched_events} />}
            <AlertFacts alert={alert} />
            <Section title={t("alerts.pivots")}>
              <AlertPivots alert={alert} site={siteFilter} />
            </Section>
            <Section title={t("alerts.history")}>
              <AlertTimeline alert={alert} />
            </Section>
            <Section title={t("alerts.related")}>
              <RelatedAlerts id={alert.id} onOpen={onOpenAlert} />
            </Section>
            <Section
              title={t("alerts.matchedEvents", { count: alert.matched_event_count })}
              action={
                <Link
                  to="/events"
                  search={{ q: `alert:${alert.id}` }}
                  className="text-accent text-[12.5px] hover:underline"
                  data-testid="open-matched-events"
                >
                  {t("alerts.openAllEvents")}
                </Link>
              }
            >
              <MatchedEvents events={matched_events} />
            </Section>
            <Section title={t("alerts.actions")} testId="alert-actions">
              <Deliveries alert={alert} />
            </Section>
          </div>
        )}
      </QueryView>
    </Drawer>
  );
}
