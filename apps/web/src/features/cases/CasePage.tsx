import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useCase, useCaseChange } from "../../api/cases.ts";
import { ApiError } from "../../api/client.ts";
import { SeverityBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { CaseAlerts, CaseDescription } from "./CaseFacts.tsx";
import { CaseHeader } from "./CaseHeader.tsx";
import { CaseObservables } from "./CaseObservables.tsx";
import { CaseTasks } from "./CaseTasks.tsx";
import { CaseTimeline } from "./CaseTimeline.tsx";
import { CaseStatusBadge } from "./caseBadges.tsx";

/** The title, renamed in place. */
function Title({ title, onRename }: { title: string; onRename: (title: string) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null)
    return (
      <button
        type="button"
        className="min-w-0 break-words text-left text-[18px] font-semibold hover:text-accent"
        title={t("cases.rename")}
        onClick={() => setDraft(title)}
        data-testid="case-page-title"
      >
        {title}
      </button>
    );
  return (
    <form
      className="flex min-w-0 flex-1 gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim() && draft !== title) onRename(draft);
        setDraft(null);
      }}
    >
      <input
        className="vg-input min-w-0 flex-1"
        aria-label={t("cases.col.title")}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="vg-btn vg-btn-primary">
        {t("common.save")}
      </button>
    </form>
  );
}

/** `/cases/:id`: one investigation, its controls, timeline, checklist, observables and alerts. */
export function CasePage() {
  const t = useT();
  const fmt = useFormat();
  const { caseId } = useParams({ from: "/app/cases/$caseId" });
  const detail = useCase(caseId);
  const change = useCaseChange(caseId);
  return (
    <>
      <PageHeader title={t("nav.cases")}>
        <Link to="/cases" className="vg-btn">
          {t("cases.back")}
        </Link>
      </PageHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <QueryView query={detail}>
          {(c) => (
            <div className="mx-auto flex max-w-7xl flex-col gap-4 p-3 sm:p-5" data-testid="case-page">
              <div className="flex flex-col gap-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-muted" data-testid="case-reference">
                    {c.reference}
                  </span>
                  <SeverityBadge severity={c.severity} />
                  <CaseStatusBadge status={c.status} />
                </div>
                <Title
                  title={c.title}
                  onRename={(title) => change.mutate({ kind: "update", patch: { title } })}
                />
                <p className="text-[12px] text-muted">
                  {t("cases.createdBy", { who: c.created_by ?? "—", when: fmt.dateTime(c.created_at) })}
                </p>
              </div>
              <CaseHeader detail={c} onChange={change.mutate} busy={change.isPending} />
              {change.error instanceof ApiError && (
                <p role="alert" className="text-red-700 dark:text-red-300" data-testid="case-error">
                  {change.error.body.message}
                </p>
              )}
              <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
                <div className="flex min-w-0 flex-col gap-4">
                  <CaseDescription detail={c} onChange={change.mutate} busy={change.isPending} />
                  <CaseTimeline detail={c} onChange={change.mutate} busy={change.isPending} />
                </div>
                <div className="flex min-w-0 flex-col gap-4">
                  <CaseTasks detail={c} onChange={change.mutate} busy={change.isPending} />
                  <CaseObservables detail={c} onChange={change.mutate} busy={change.isPending} />
                  <CaseAlerts detail={c} onChange={change.mutate} busy={change.isPending} />
                </div>
              </div>
            </div>
          )}
        </QueryView>
      </div>
    </>
  );
}
