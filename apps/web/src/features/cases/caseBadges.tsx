import type { CaseStatus } from "@vigie/contracts";
import { useT } from "../../i18n/index.ts";

const COLORS: Record<CaseStatus, string> = {
  open: "bg-sky-500/15 text-sky-700 ring-sky-500/40 dark:text-sky-300",
  in_progress: "bg-amber-400/15 text-amber-800 ring-amber-400/40 dark:text-amber-300",
  closed: "bg-slate-500/15 text-slate-600 ring-slate-500/30 dark:text-slate-300",
};

/** A case's status pill. */
export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const t = useT();
  return (
    <span
      data-testid="case-status-badge"
      className={`inline-flex w-fit items-center rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${COLORS[status]}`}
    >
      {t(`cases.status.${status}`)}
    </span>
  );
}
