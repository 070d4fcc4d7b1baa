import { useMemo, useState } from "react";
import { useAudit } from "../../api/audit.ts";
import type { AuditEntry } from "../../api/types.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { RequireRole } from "../../components/RequireRole.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { AUDIT_ACTIONS, auditActionLabel } from "./auditActions.ts";

/** `role=analyst username=claire` rather than raw JSON: easier to scan down a column. */
export function detailsText(details: AuditEntry["details"]): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join("  ");
}

function auditColumns(t: Translate, dateTime: (iso: string) => string): Column<AuditEntry>[] {
  return [
    {
      id: "at",
      header: t("audit.when"),
      width: "9.5rem",
      cell: (a) => <span className="tabular-nums">{dateTime(a.created_at)}</span>,
    },
    { id: "actor", header: t("audit.who"), width: "9rem", cell: (a) => a.actor ?? "—" },
    {
      id: "action",
      header: t("audit.action"),
      width: "13rem",
      cell: (a) => (
        <span title={a.action} data-action={a.action}>
          {auditActionLabel(t, a.action)}
        </span>
      ),
    },
    {
      id: "object",
      header: t("audit.object"),
      width: "14rem",
      // Ids are UUIDv7, whose head is a timestamp shared by neighbours: the random tail tells rows apart.
      cell: (a) => (
        <span className="font-mono text-[12px]" title={a.target_id ?? undefined}>
          {[a.target_type, a.target_id && `…${a.target_id.slice(-8)}`].filter(Boolean).join(" ") || "—"}
        </span>
      ),
    },
    {
      id: "details",
      header: t("audit.details"),
      cell: (a) => {
        const text = detailsText(a.details);
        return (
          <span className="font-mono text-[12px] text-muted" title={text}>
            {text}
          </span>
        );
      },
    },
    {
      id: "ip",
      header: t("audit.ip"),
      width: "8.5rem",
      cell: (a) => <span className="font-mono text-[12px]">{a.ip ?? "—"}</span>,
    },
  ];
}

/** Narrows the log to one action; the list is the known actions, in the reader's language. */
function ActionFilter({ value, onChange }: { value: string; onChange: (action: string) => void }) {
  const t = useT();
  const options = useMemo(
    () =>
      AUDIT_ACTIONS.map((action) => ({ action, label: auditActionLabel(t, action) })).sort((a, b) =>
        a.label.localeCompare(b.label),
      ),
    [t],
  );
  return (
    <select
      aria-label={t("audit.action")}
      className="vg-input max-w-full"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid="audit-action-filter"
    >
      <option value="">{t("common.filterAll", { label: t("audit.action") })}</option>
      {options.map((o) => (
        <option key={o.action} value={o.action}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function AuditLog({ action }: { action: string }) {
  const t = useT();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const audit = useAudit(page, action || undefined);
  const columns = useMemo(() => auditColumns(t, fmt.dateTime), [t, fmt.dateTime]);
  return (
    <>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={audit}
          isEmpty={(d) => d.items.length === 0}
          empty={<EmptyState title={t("audit.empty")} />}
        >
          {(data) => (
            <DataTable
              columns={columns}
              data={data.items}
              rowKey={(a) => a.id}
              testId="audit-table"
              rowTestId="audit-row"
            />
          )}
        </QueryView>
      </div>
      {audit.data && (
        <Pagination
          page={audit.data.page}
          pages={audit.data.pages}
          total={audit.data.total}
          onPage={setPage}
        />
      )}
    </>
  );
}

/** `/audit` (admin): who changed what, when and from where. */
export function AuditPage() {
  const t = useT();
  const isAdmin = hasRole(useRole(), "admin");
  const [action, setAction] = useState("");
  return (
    <>
      <PageHeader title={t("nav.audit")}>
        {isAdmin && <ActionFilter value={action} onChange={setAction} />}
      </PageHeader>
      <RequireRole minimum="admin">
        {/* A new action starts again from its first page. */}
        <AuditLog key={action} action={action} />
      </RequireRole>
    </>
  );
}
