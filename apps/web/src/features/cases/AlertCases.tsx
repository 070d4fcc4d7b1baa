import { Link } from "@tanstack/react-router";
import { useCases } from "../../api/cases.ts";
import { useT } from "../../i18n/index.ts";
import { CaseStatusBadge } from "./caseBadges.tsx";

/** The cases an alert is part of, each a link; nothing when it is in none. */
export function AlertCases({ alertId }: { alertId: string }) {
  const t = useT();
  const cases = useCases({ alert_id: alertId });
  if (!cases.data?.items.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-[12.5px]" data-testid="alert-cases">
      <span className="text-muted">{t("cases.inCases")}</span>
      {cases.data.items.map((c) => (
        <Link
          key={c.id}
          to="/cases/$caseId"
          params={{ caseId: c.id }}
          className="flex items-center gap-1.5 hover:underline"
        >
          <span className="font-mono text-accent">{c.reference}</span>
          <CaseStatusBadge status={c.status} />
        </Link>
      ))}
    </div>
  );
}
