import { ASSET_CRITICALITIES, type Asset, type AssetCriticality } from "@vigie/contracts";
import { useSetCriticality } from "../../api/assets.ts";
import { useT } from "../../i18n/index.ts";

/** One colour per criticality; "normal" stays quiet so the hosts that matter stand out. */
const CRITICALITY_BADGE: Record<AssetCriticality, string> = {
  low: "bg-slate-500/10 text-muted ring-line",
  normal: "bg-transparent text-muted ring-line",
  high: "bg-orange-500/15 text-orange-800 ring-orange-500/40 dark:text-orange-300",
  critical: "bg-red-500/15 text-red-700 ring-red-500/40 dark:text-red-300",
};

/** The text colour of the inline select: the hosts that raise alerts stand out in the list too. */
const SELECT_TEXT: Partial<Record<AssetCriticality, string>> = {
  high: "font-semibold text-orange-700 dark:text-orange-300",
  critical: "font-semibold text-red-700 dark:text-red-300",
};

/** An asset's criticality as a pill. */
export function CriticalityBadge({ criticality }: { criticality: AssetCriticality }) {
  const t = useT();
  return (
    <span
      data-testid="criticality-badge"
      data-criticality={criticality}
      className={`inline-flex w-fit items-center rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${CRITICALITY_BADGE[criticality] ?? CRITICALITY_BADGE.normal}`}
    >
      {t(`assets.criticality.${criticality}`)}
    </span>
  );
}

/** The criticality of one asset, changed in place (supervisor, admin); a refused change shows its reason. */
export function CriticalitySelect({ asset }: { asset: Asset }) {
  const t = useT();
  const save = useSetCriticality();
  return (
    <span className="flex items-center gap-2">
      <select
        aria-label={t("assets.setCriticality", { host: asset.name })}
        className={`vg-input h-7 py-0 ${SELECT_TEXT[asset.criticality] ?? ""}`}
        value={asset.criticality}
        disabled={save.isPending}
        data-testid="criticality-select"
        onChange={(e) => save.mutate({ asset, criticality: e.target.value as AssetCriticality })}
      >
        {ASSET_CRITICALITIES.map((c) => (
          <option key={c} value={c}>
            {t(`assets.criticality.${c}`)}
          </option>
        ))}
      </select>
      {save.isError && (
        <span role="alert" className="text-[12px] text-red-600 dark:text-red-400">
          {save.error.message}
        </span>
      )}
    </span>
  );
}
