import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { CaseDetail } from "@vigie/contracts";
import { useCases } from "../../api/cases.ts";
import { ApiError, apiFetch } from "../../api/client.ts";
import { useT } from "../../i18n/index.ts";

/** Pins one event to an open case, as evidence on its timeline; says where it went. */
export function PinToCase({ eventId }: { eventId: string }) {
  const t = useT();
  const client = useQueryClient();
  const open = useCases({ status: "open,in_progress" });
  const pin = useMutation({
    mutationFn: (caseId: string) =>
      apiFetch<CaseDetail>(`/cases/${encodeURIComponent(caseId)}/events`, {
        method: "POST",
        body: { event_ids: [eventId] },
      }),
    onSuccess: (detail) => {
      client.setQueryData(["case", detail.id], detail);
      void client.invalidateQueries({ queryKey: ["cases"] });
    },
  });
  if (!open.data?.items.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="pin-to-case">
      <select
        aria-label={t("cases.pinToCase")}
        className="vg-input w-auto max-w-full"
        value=""
        disabled={pin.isPending}
        onChange={(e) => e.target.value && pin.mutate(e.target.value)}
      >
        <option value="">{t("cases.pinToCase")}</option>
        {open.data.items.map((c) => (
          <option key={c.id} value={c.id}>
            {`${c.reference} · ${c.title}`}
          </option>
        ))}
      </select>
      {pin.data && (
        <Link to="/cases/$caseId" params={{ caseId: pin.data.id }} className="text-accent hover:underline">
          {t("cases.pinnedTo", { reference: pin.data.reference })}
        </Link>
      )}
      {pin.error instanceof ApiError && (
        <span className="text-red-700 dark:text-red-300">{pin.error.body.message}</span>
      )}
    </div>
  );
}
