import { useNavigate } from "@tanstack/react-router";
import { useAddAlertsToCase, useCases, useCreateCase } from "../../api/cases.ts";
import { ApiError } from "../../api/client.ts";
import { useT } from "../../i18n/index.ts";

/**
 * The ticked alerts into a case: a new one (titled after the first, as severe as the worst) opened at once, or
 * one of the cases still open, which then opens too.
 */
export function BulkCaseActions({ ids }: { ids: string[] }) {
  const t = useT();
  const navigate = useNavigate();
  const create = useCreateCase();
  const add = useAddAlertsToCase();
  const open = useCases({ status: "open,in_progress" });
  const go = (caseId: string) => void navigate({ to: "/cases/$caseId", params: { caseId } });
  const error = create.error ?? add.error;
  return (
    <>
      <button
        type="button"
        className="vg-btn"
        disabled={create.isPending}
        onClick={() => create.mutate({ alert_ids: ids }, { onSuccess: (c) => go(c.id) })}
        data-testid="bulk-create-case"
      >
        {t("cases.fromAlerts")}
      </button>
      <select
        aria-label={t("cases.addToCase")}
        className="vg-input w-auto max-w-56"
        disabled={add.isPending}
        value=""
        onChange={(e) => {
          const caseId = e.target.value;
          if (caseId) add.mutate({ caseId, alert_ids: ids }, { onSuccess: () => go(caseId) });
        }}
        data-testid="bulk-add-to-case"
      >
        <option value="">{t("cases.addToCase")}</option>
        {open.data?.items.map((c) => (
          <option key={c.id} value={c.id}>
            {`${c.reference} · ${c.title}`}
          </option>
        ))}
      </select>
      {error instanceof ApiError && (
        <span className="text-red-700 dark:text-red-300">{error.body.message}</span>
      )}
    </>
  );
}
