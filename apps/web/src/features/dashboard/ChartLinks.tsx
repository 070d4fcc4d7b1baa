import { Link, useNavigate } from "@tanstack/react-router";
import { useT } from "../../i18n/index.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import type { TimeWindow } from "../events/timeWindow.ts";

/**
 * The keyboard way into a chart's click targets: one link per slice or bar, opening Events filtered the same
 * way a click does. Hidden until a link takes the focus, so the chart stays the picture for the eye.
 */
export function ChartLinks({ links }: { links: { label: string; search: EventsSearch }[] }) {
  const t = useT();
  return (
    <nav aria-label={t("dashboard.openIn")} className="sr-only focus-within:not-sr-only">
      <div className="flex flex-wrap items-center gap-1.5 px-4 pb-3 text-[12px]">
        <span className="text-muted">{t("dashboard.openIn")}</span>
        {links.map((link) => (
          <Link key={link.label} to="/events" search={link.search} className="vg-btn h-6 px-2 text-[11.5px]">
            {link.label}
          </Link>
        ))}
      </div>
    </nav>
  );
}

/** Opens the events page on a search (a clicked slice, bar or cell). */
export function useOpenEvents() {
  const navigate = useNavigate();
  return (search: EventsSearch | TimeWindow) => void navigate({ to: "/events", search });
}

/** The visible, keyboard way into a time chart: Events over the chart's whole window. */
export function ViewEventsLink({ search }: { search: TimeWindow | undefined }) {
  const t = useT();
  if (!search) return null;
  return (
    <Link
      to="/events"
      search={search}
      aria-label={t("dashboard.viewEvents")}
      title={t("dashboard.viewEvents")}
      className="shrink-0 text-[11.5px] font-semibold text-accent hover:underline"
    >
      {t("dashboard.view")} ›
    </Link>
  );
}
