import type { Severity } from "@vigie/contracts";
import { useMemo } from "react";
import { useTimeline } from "../../api/dashboard.ts";
import { EChart } from "../../components/charts/EChart.tsx";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { timelineOption } from "../dashboard/chartOptions.ts";

/** The last 24 hours of one site, hourly, stacked by severity when the server provides it. */
export function SiteTimeline({ siteId }: { siteId: string }) {
  const t = useT();
  const fmt = useFormat();
  const timeline = useTimeline(24, 60, siteId);
  const option = useMemo(
    () =>
      timeline.data &&
      timelineOption(timeline.data, (s: Severity) => t(`severity.${s}`), t("dashboard.events"), 24, fmt.zone),
    [timeline.data, t, fmt.zone],
  );
  return (
    <Panel title={t("dashboard.timeline")} testId="site-timeline">
      <div className="p-2">
        <QueryView query={timeline}>
          {() => option && <EChart option={option} height={220} label={t("dashboard.timeline")} />}
        </QueryView>
      </div>
    </Panel>
  );
}
