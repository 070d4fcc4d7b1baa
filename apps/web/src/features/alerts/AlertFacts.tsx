import { Link } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import type { Alert } from "../../api/types.ts";
import { useFormat, useT } from "../../i18n/index.ts";
import { AlertAssets } from "../assets/AlertAssets.tsx";
import { parseEntity, pivotSearch } from "./pivots.ts";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const Chip = ({ children }: { children: ReactNode }) => (
  <span className="rounded bg-raised px-1.5 py-px font-mono text-[11.5px]">{children}</span>
);

/** The rule that raised the alert: a link to it, its description, the Sigma author, its ATT&CK tags. */
function RuleFacts({ alert }: { alert: Alert }) {
  const t = useT();
  const rule = alert.rule;
  const tactics = rule?.mitre_tactics ?? alert.mitre_tactics ?? [];
  const techniques = rule?.mitre_techniques ?? alert.mitre_techniques ?? [];
  const author = rule?.author ?? alert.rule_author;
  return (
    <>
      <Fact label={t("alerts.rule")}>
        <Link
          to="/rules"
          search={{ q: rule?.name ?? alert.rule_name }}
          className="font-medium text-accent hover:underline"
          data-testid="alert-rule-link"
        >
          {rule?.name ?? alert.rule_name}
        </Link>
        {!rule && <span className="ml-2 text-muted">{t("alerts.ruleDeleted")}</span>}
        {rule?.description && (
          <p className="mt-0.5 whitespace-pre-wrap text-muted" data-testid="alert-rule-description">
            {rule.description}
          </p>
        )}
      </Fact>
      {author && <Fact label={t("alerts.author")}>{author}</Fact>}
      {(tactics.length > 0 || techniques.length > 0) && (
        <Fact label="ATT&CK">
          <span className="flex flex-wrap gap-1" data-testid="alert-attack">
            {tactics.map((tactic) => (
              <Chip key={tactic}>{tactic}</Chip>
            ))}
            {techniques.map((technique) => (
              <Chip key={technique}>{technique}</Chip>
            ))}
          </span>
        </Fact>
      )}
    </>
  );
}

/** What the alert is about: its rule, group fields, activity window and counts. */
export function AlertFacts({ alert }: { alert: Alert }) {
  const t = useT();
  const fmt = useFormat();
  const fields = Object.entries(alert.group_fields ?? {});
  return (
    <dl className="grid grid-cols-[8.5rem_1fr] gap-x-3 gap-y-1.5" data-testid="alert-facts">
      <RuleFacts alert={alert} />
      {fields.length > 0 && (
        <Fact label={t("alerts.groupFields")}>
          <span className="flex flex-col gap-0.5" data-testid="alert-group-fields">
            {fields.map(([key, value]) => (
              <span key={key} className="font-mono text-[12px]">
                <span className="text-muted">{key}</span> {value}
              </span>
            ))}
          </span>
        </Fact>
      )}
      <AlertAssets alert={alert} />
      <Fact label={t("alerts.firstSeen")}>
        <span className="tabular-nums">{fmt.dateTime(alert.first_seen)}</span>
      </Fact>
      <Fact label={t("alerts.col.lastSeen")}>
        <span className="tabular-nums">{fmt.dateTime(alert.last_seen)}</span>
      </Fact>
      <Fact label={t("alerts.occurrences")}>
        <span className="tabular-nums" data-testid="alert-occurrences">
          {fmt.number(alert.occurrences ?? 1)}
        </span>
      </Fact>
      <Fact label={t("alerts.col.time")}>
        <span className="tabular-nums">{fmt.dateTime(alert.created_at)}</span>
      </Fact>
    </dl>
  );
}

/** Pivots shown before "show all": a port scan's alert may involve dozens of addresses. */
const FIRST_PIVOTS = 8;

/** One link per host, address and user of the alert, to its events over the last 24 hours. */
export function AlertPivots({ alert, site }: { alert: Alert; site: string | undefined }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const links = (alert.entities ?? []).flatMap((entity) => {
    const parsed = parseEntity(entity);
    const search = pivotSearch(entity, alert, site);
    return parsed && search ? [{ entity, parsed, search }] : [];
  });
  if (!links.length) return <p className="text-muted">{t("alerts.noPivots")}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" data-testid="alert-pivots">
      {(all ? links : links.slice(0, FIRST_PIVOTS)).map(({ entity, parsed, search }) => (
        <li key={entity} className="min-w-0 max-w-full">
          <Link
            to="/events"
            search={search}
            className="vg-btn h-7 max-w-full px-2 text-[12px]"
            title={t("alerts.pivotTitle", { value: parsed.value })}
          >
            <span className="text-muted">{t(`alerts.entity.${parsed.kind}` as "alerts.entity.host")}</span>
            <span className="truncate font-mono">{parsed.value}</span>
          </Link>
        </li>
      ))}
      {!all && links.length > FIRST_PIVOTS && (
        <li>
          <button
            type="button"
            className="h-7 px-2 text-[12px] text-accent hover:underline"
            onClick={() => setAll(true)}
          >
            {t("alerts.morePivots", { count: links.length - FIRST_PIVOTS })}
          </button>
        </li>
      )}
    </ul>
  );
}
