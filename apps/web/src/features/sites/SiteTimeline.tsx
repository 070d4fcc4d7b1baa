import type { Severity } from "@vigie/contracts";
import { useMemo } from "react";
import { useTimeline } from "../../api/dashboard.ts";
import { EChart } from "../../components/charts/EChart.tsx";
import { QueryView } from "../../components/states.tsx";
import { useT } from "../../i18n/index.ts";
import { timelineOption } from "../dashboard/chartOptions.ts";

/** The last 24 hours of one site, hourly, stacked by severity when the server provides it. */
export function SiteTimeline({ siteId }: { siteId: string }) {
  const t = useT();
  const timeline = useTimeline(24, 60, siteId);
  const option = useMemo(
    () =>
      timeline.data &&
      timelineOption(timeline.data, (s: Severity) => t(`severity.${s}`), t("dashboard.events")),
    [timeline.data, t],
  );
  return (
    <section className="vg-panel flex flex-col" data-testid="site-timeline">
      <h2 className="vg-label border-b border-line px-4 py-3">{t("dashboard.timeline")}</h2>
      <div className="p-2">
        <QueryView query={timeline}>
          {() => option && <EChart option={option} height={220} label={t("dashboard.timeline")} />}
        </QueryView>
      </div>
    </section>
  );
}
