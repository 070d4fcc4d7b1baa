import type { AlertStatus, EventStatus, ScenarioRunStatus, Severity } from "@vigie/contracts";
import type { SiteHealth } from "../api/types.ts";
import { useT } from "../i18n/index.ts";

/** One colour per severity, used by badges, dots and charts alike so the meaning never shifts. */
export const SEVERITY_COLORS: Record<Severity, { badge: string; dot: string; hex: string }> = {
  critical: {
    badge: "bg-red-500/15 text-red-700 ring-red-500/40 dark:text-red-300",
    dot: "bg-red-500",
    hex: "#ef4444",
  },
  high: {
    badge: "bg-orange-500/15 text-orange-800 ring-orange-500/40 dark:text-orange-300",
    dot: "bg-orange-500",
    hex: "#f97316",
  },
  medium: {
    badge: "bg-amber-400/15 text-amber-800 ring-amber-400/40 dark:text-amber-300",
    dot: "bg-amber-400",
    hex: "#f5b014",
  },
  low: {
    badge: "bg-blue-500/15 text-blue-700 ring-blue-500/40 dark:text-blue-300",
    dot: "bg-blue-500",
    hex: "#3b82f6",
  },
  info: {
    badge: "bg-slate-500/15 text-slate-600 ring-slate-500/30 dark:text-slate-300",
    dot: "bg-slate-400",
    hex: "#8391a5",
  },
};

const UNKNOWN_BADGE = "bg-slate-500/10 text-muted ring-line";

const isSeverity = (value: string): value is Severity => Object.hasOwn(SEVERITY_COLORS, value);

/** A severity pill; any unexpected value (stream data is untrusted) is shown as plain text, never as markup. */
export function SeverityBadge({ severity }: { severity: string }) {
  const t = useT();
  const known = isSeverity(severity);
  return (
    <span
      data-testid="severity-badge"
      data-severity={known ? severity : "unknown"}
      className={`inline-flex w-fit items-center gap-1 rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${known ? SEVERITY_COLORS[severity].badge : UNKNOWN_BADGE}`}
    >
      {known ? t(`severity.${severity}`) : severity}
    </span>
  );
}

/** A small coloured dot for dense places (live feed, grids). */
export function SeverityDot({ severity }: { severity: string }) {
  const cls = isSeverity(severity) ? SEVERITY_COLORS[severity].dot : "bg-slate-400";
  return <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${cls}`} />;
}

type AnyStatus = AlertStatus | ScenarioRunStatus;

const STATUS_COLORS: Record<AnyStatus, string> = {
  new: "bg-sky-500/15 text-sky-700 ring-sky-500/40 dark:text-sky-300",
  acknowledged: "bg-violet-500/15 text-violet-700 ring-violet-500/40 dark:text-violet-300",
  investigating: "bg-amber-400/15 text-amber-800 ring-amber-400/40 dark:text-amber-300",
  resolved: "bg-emerald-500/15 text-emerald-700 ring-emerald-500/40 dark:text-emerald-300",
  false_positive: "bg-slate-500/15 text-slate-600 ring-slate-500/30 dark:text-slate-300",
  running: "bg-emerald-500/15 text-emerald-700 ring-emerald-500/40 dark:text-emerald-300",
  paused: "bg-amber-400/15 text-amber-800 ring-amber-400/40 dark:text-amber-300",
  completed: "bg-sky-500/15 text-sky-700 ring-sky-500/40 dark:text-sky-300",
  stopped: "bg-slate-500/15 text-slate-600 ring-slate-500/30 dark:text-slate-300",
  error: "bg-red-500/15 text-red-700 ring-red-500/40 dark:text-red-300",
};

/** An event, alert or scenario run status pill. */
export function StatusBadge({ status }: { status: AnyStatus | EventStatus | string }) {
  const t = useT();
  const known = Object.hasOwn(STATUS_COLORS, status);
  return (
    <span
      data-testid="status-badge"
      className={`inline-flex w-fit items-center rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${known ? STATUS_COLORS[status as AnyStatus] : UNKNOWN_BADGE}`}
    >
      {known ? t(`status.${status as AnyStatus}`) : status}
    </span>
  );
}

const HEALTH_COLORS: Record<SiteHealth, string> = {
  online: "bg-emerald-500",
  degraded: "bg-amber-400",
  offline: "bg-red-500",
};

/** Marks a site id seen in events but never registered (docs/INGEST-POLICY.md). */
export function UnregisteredBadge() {
  const t = useT();
  return (
    <span
      data-testid="unregistered-badge"
      title={t("sites.unregisteredHint")}
      className="inline-flex w-fit shrink-0 items-center rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset bg-violet-500/15 text-violet-700 ring-violet-500/40 dark:text-violet-300"
    >
      {t("sites.unregistered")}
    </span>
  );
}

/** Site health as a dot plus its word (colour alone is not enough for colour-blind analysts). */
export function HealthBadge({ health }: { health: SiteHealth }) {
  const t = useT();
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap text-[12px]"
      data-health={health}
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${HEALTH_COLORS[health] ?? "bg-slate-400"}`} />
      {t(`health.${health}`)}
    </span>
  );
}
