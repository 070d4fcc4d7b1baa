import { Link } from "@tanstack/react-router";
import { useAssetsOf } from "../../api/assets.ts";
import type { Alert } from "../../api/types.ts";
import { useT } from "../../i18n/index.ts";
import { CriticalityBadge } from "./Criticality.tsx";

/** The host names among an alert's entities (`host:<name>`, lower-cased by the server). */
const hostsOf = (alert: Alert) =>
  (alert.entities ?? []).filter((e) => e.startsWith("host:")).map((e) => e.slice(5));

/**
 * The alert's hosts that are known assets, with their criticality, and — when a high or critical asset raised
 * the alert's severity — a line that says so. Nothing while none of its hosts is known.
 */
export function AlertAssets({ alert }: { alert: Alert }) {
  const t = useT();
  const assets = useAssetsOf(alert.site_id, hostsOf(alert));
  const known = assets.data?.items ?? [];
  if (!known.length && !alert.asset_criticality) return null;
  return (
    <div className="contents" data-testid="alert-assets">
      <dt className="text-muted">{t("alerts.assets")}</dt>
      <dd className="flex min-w-0 flex-col gap-1">
        {known.map((asset) => (
          <span key={`${asset.site_id}/${asset.host}`} className="flex flex-wrap items-center gap-2">
            <Link to="/assets" className="font-mono text-[12px] text-accent hover:underline">
              {asset.name}
            </Link>
            <CriticalityBadge criticality={asset.criticality} />
          </span>
        ))}
        {alert.asset_criticality && (
          <span className="text-[12px] text-muted" data-testid="alert-severity-raised">
            {t("alerts.severityRaised", { criticality: t(`assets.criticality.${alert.asset_criticality}`) })}
          </span>
        )}
      </dd>
    </div>
  );
}
