import { useNavigate } from "@tanstack/react-router";
import { type Rule, SEVERITIES } from "@vigie/contracts";
import { useMemo, useState } from "react";
import { useRules, useSaveRule } from "../../api/rules.ts";
import { SeverityBadge } from "../../components/badges.tsx";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Switch } from "../../components/Switch.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { type RulesSearch, rulesRoute } from "../../routes/router.tsx";
import { hasRole, useRole } from "../../stores/auth.ts";
import { FromSearchDrawer } from "./FromSearchDrawer.tsx";
import { type Editing, RuleDrawer } from "./RuleDrawer.tsx";
import { RulePacksDrawer } from "./RulePacks.tsx";
import { filterRules } from "./ruleFilter.ts";
import { SigmaImportDrawer } from "./SigmaImport.tsx";

/** The enabled switch, disabled for roles that may not change rules. */
function EnabledToggle({ rule, canWrite }: { rule: Rule; canWrite: boolean }) {
  const t = useT();
  const save = useSaveRule();
  return (
    <Switch
      checked={rule.enabled}
      label={t("rules.enabled")}
      disabled={!canWrite || save.isPending}
      onToggle={() => save.mutate({ id: rule.id, input: { enabled: !rule.enabled } })}
    />
  );
}

function ruleColumns(
  t: Translate,
  dateTime: (iso: string | null) => string,
  canWrite: boolean,
): Column<Rule>[] {
  return [
    {
      id: "enabled",
      header: t("rules.enabled"),
      width: "5.5rem",
      cell: (r) => <EnabledToggle rule={r} canWrite={canWrite} />,
    },
    {
      id: "name",
      header: t("rules.name"),
      cell: (r) => (
        <>
          <span className="font-medium">{r.name}</span>
          {r.exception_count > 0 && (
            <span className="ml-2 text-[12px] text-muted" data-testid="rule-exception-count">
              {t("rules.exception.count", { count: r.exception_count })}
            </span>
          )}
        </>
      ),
    },
    { id: "type", header: t("rules.type"), width: "8rem", cell: (r) => t(`rules.type.${r.rule_type}`) },
    {
      id: "severity",
      header: t("events.col.severity"),
      width: "6.5rem",
      cell: (r) => <SeverityBadge severity={r.severity} />,
    },
    {
      id: "mitre",
      header: "ATT&CK",
      width: "11rem",
      cell: (r) => (
        <span className="font-mono text-[12px]">
          {[r.mitre_tactic, r.mitre_technique].filter(Boolean).join(" · ") || "—"}
        </span>
      ),
    },
    {
      id: "triggers",
      header: t("rules.triggerCount"),
      width: "6rem",
      cell: (r) => <span className="tabular-nums">{r.trigger_count}</span>,
    },
    {
      id: "last",
      header: t("rules.lastTriggered"),
      width: "9.5rem",
      cell: (r) => (
        <span className="tabular-nums">
          {r.last_triggered ? dateTime(r.last_triggered) : t("common.never")}
        </span>
      ),
    },
  ];
}

/** The rules that pass the filters, with how many of all they are. */
function FilteredRules({
  rules,
  search,
  columns,
  onOpen,
}: {
  rules: Rule[];
  search: RulesSearch;
  columns: Column<Rule>[];
  onOpen: (editing: Editing) => void;
}) {
  const t = useT();
  const shown = useMemo(() => filterRules(rules, search), [rules, search]);
  return (
    <>
      <p
        className="shrink-0 px-3 py-1.5 text-[12px] text-muted sm:px-5"
        aria-live="polite"
        data-testid="rules-shown"
      >
        {t("rules.shown", { count: shown.length, total: rules.length })}
      </p>
      {shown.length === 0 ? (
        <EmptyState title={t("rules.noMatch")} />
      ) : (
        <DataTable
          columns={columns}
          data={shown}
          rowKey={(r) => r.id}
          onRowClick={(rule) => onOpen({ mode: "edit", rule })}
          testId="rules-table"
          rowTestId="rule-row"
        />
      )}
    </>
  );
}

/** The filters of the rules page: words, severity, state and origin, kept in the URL. */
function RuleFilters({ search, onChange }: { search: RulesSearch; onChange: (next: RulesSearch) => void }) {
  const t = useT();
  const select = (key: "severity" | "state" | "origin", label: string, options: [string, string][]) => (
    <select
      aria-label={label}
      className="vg-input w-auto"
      value={search[key] ?? ""}
      onChange={(e) => onChange({ ...search, [key]: e.target.value || undefined })}
    >
      <option value="">{t("common.filterAll", { label })}</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-2 border-b border-line bg-panel px-3 py-2 sm:px-5">
      <input
        type="search"
        aria-label={t("rules.filter.search")}
        placeholder={t("rules.filter.search")}
        className="vg-input min-w-0 flex-1 basis-60"
        value={search.q ?? ""}
        onChange={(e) => onChange({ ...search, q: e.target.value || undefined })}
        data-testid="rules-filter"
      />
      {select(
        "severity",
        t("events.filter.severity"),
        SEVERITIES.map((s) => [s, t(`severity.${s}`)]),
      )}
      {select("state", t("rules.filter.state"), [
        ["enabled", t("rules.state.enabled")],
        ["disabled", t("rules.state.disabled")],
      ])}
      {select("origin", t("rules.filter.origin"), [
        ["sigma", t("rules.origin.sigma")],
        ["vigie", t("rules.origin.vigie")],
      ])}
    </div>
  );
}

/** `/rules`: every rule (native and AudioSOC v1 alike), toggles, and a drawer to create, edit and backtest. */
export function RulesPage() {
  const t = useT();
  const fmt = useFormat();
  const rules = useRules();
  const search = rulesRoute.useSearch();
  const navigate = useNavigate({ from: "/rules" });
  const canWrite = hasRole(useRole(), "supervisor");
  const [editing, setEditing] = useState<Editing | null>(null);
  const [importing, setImporting] = useState(false);
  const [packs, setPacks] = useState(false);
  const columns = useMemo(() => ruleColumns(t, fmt.dateTime, canWrite), [t, fmt.dateTime, canWrite]);
  return (
    <>
      <PageHeader title={t("nav.rules")}>
        {canWrite && (
          <button type="button" className="vg-btn" onClick={() => setPacks(true)} data-testid="packs-open">
            {t("packs.open")}
          </button>
        )}
        {canWrite && (
          <button
            type="button"
            className="vg-btn"
            onClick={() => setImporting(true)}
            data-testid="sigma-open"
          >
            {t("sigma.open")}
          </button>
        )}
        {canWrite && (
          <button
            type="button"
            className="vg-btn-primary"
            onClick={() => setEditing({ mode: "new" })}
            data-testid="new-rule"
          >
            {t("rules.new")}
          </button>
        )}
      </PageHeader>
      <RuleFilters search={search} onChange={(next) => void navigate({ search: next, replace: true })} />
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={rules}
          isEmpty={(d) => d.length === 0}
          empty={<EmptyState title={t("rules.empty")} />}
        >
          {(data) => <FilteredRules rules={data} search={search} columns={columns} onOpen={setEditing} />}
        </QueryView>
      </div>
      {packs && <RulePacksDrawer onClose={() => setPacks(false)} />}
      {importing && <SigmaImportDrawer onClose={() => setImporting(false)} />}
      {editing && <RuleDrawer editing={editing} canWrite={canWrite} onClose={() => setEditing(null)} />}
      {!editing && canWrite && search.from_search !== undefined && (
        <FromSearchDrawer
          search={search.from_search}
          onClose={() => void navigate({ search: { ...search, from_search: undefined }, replace: true })}
        />
      )}
    </>
  );
}
