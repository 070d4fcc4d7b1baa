import { Link } from "@tanstack/react-router";
import { type CaseDetail, OBSERVABLE_KINDS, type ObservableKind } from "@vigie/contracts";
import { useState } from "react";
import type { CaseChange } from "../../api/cases.ts";
import { Panel } from "../../components/Panel.tsx";
import { useT } from "../../i18n/index.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { type PivotField, pivotQuery } from "../events/eventColumns.tsx";

/** The event field each kind pivots on; the others are looked for as a phrase anywhere in the event. */
const PIVOT_FIELDS: Partial<Record<ObservableKind, PivotField>> = {
  ip: "ip",
  host: "hostname",
  user: "username",
};

/** The Events search of an observable over the last 7 days. */
export function observableSearch(kind: ObservableKind, value: string): EventsSearch {
  const field = PIVOT_FIELDS[kind];
  const q = field ? pivotQuery(field, value) : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return { q, range: "7d" };
}

/** The case's addresses, hosts, users, hashes, domains and URLs, each a pivot to Events; add by hand. */
export function CaseObservables({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const [kind, setKind] = useState<ObservableKind>("ip");
  const [value, setValue] = useState("");
  return (
    <Panel title={t("cases.observables", { count: detail.observables.length })} testId="case-observables">
      <ul className="flex flex-col divide-y divide-line">
        {detail.observables.map((o) => (
          <li key={o.id} className="flex items-center gap-2 px-4 py-1.5" data-testid="case-observable">
            <span className="w-12 shrink-0 text-[11px] uppercase text-muted">
              {t(`cases.kind.${o.kind}`)}
            </span>
            <Link
              to="/events"
              search={observableSearch(o.kind, o.value)}
              className="min-w-0 flex-1 truncate font-mono text-[12px] hover:text-accent hover:underline"
              title={t("cases.pivot", { value: o.value })}
              data-testid="case-observable-pivot"
            >
              {o.value}
            </Link>
            <button
              type="button"
              className="text-[12px] text-muted hover:text-red-600"
              disabled={busy}
              onClick={() => onChange({ kind: "deleteObservable", observable_id: o.id })}
            >
              {t("common.delete")}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="flex gap-2 border-t border-line px-4 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ kind: "observable", observable: { kind, value } });
          setValue("");
        }}
      >
        <select
          className="vg-input w-auto"
          aria-label={t("cases.kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as ObservableKind)}
        >
          {OBSERVABLE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`cases.kind.${k}`)}
            </option>
          ))}
        </select>
        <input
          className="vg-input min-w-0 flex-1"
          placeholder={t("cases.observableValue")}
          aria-label={t("cases.observableValue")}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="vg-btn" disabled={!value.trim() || busy}>
          {t("cases.add")}
        </button>
      </form>
    </Panel>
  );
}
