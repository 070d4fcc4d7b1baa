import type { Ref } from "react";
import { useT } from "../i18n/index.ts";
import { useLiveStore } from "../stores/live.ts";
import { LiveIndicator } from "./LiveIndicator.tsx";

/** Three bars: the menu icon. */
function MenuIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor">
      <path d="M3 5h14M3 10h14M3 15h14" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

/** Below 1024 px: the menu button that opens the navigation, the brand, and the live state at a glance. */
export function MobileTopBar({
  ref,
  navId,
  navOpen,
  onOpenNav,
}: {
  ref: Ref<HTMLButtonElement>;
  navId: string;
  navOpen: boolean;
  onOpenNav: () => void;
}) {
  const t = useT();
  const unseen = useLiveStore((s) => s.unseenAlerts);
  return (
    <div className="flex h-12 shrink-0 items-center gap-3 border-b border-line bg-panel px-3 lg:hidden">
      <button
        ref={ref}
        type="button"
        className="vg-btn relative px-2"
        aria-label={
          unseen > 0 ? `${t("nav.open")} (${t("nav.newAlerts", { count: unseen })})` : t("nav.open")
        }
        aria-controls={navId}
        aria-expanded={navOpen}
        onClick={onOpenNav}
        data-testid="nav-toggle"
      >
        <MenuIcon />
        {unseen > 0 && (
          <span
            aria-hidden="true"
            className="absolute -right-1 -top-1 size-2.5 rounded-full bg-red-500 ring-2 ring-panel"
          />
        )}
      </button>
      <span className="flex-1 text-[15px] font-semibold tracking-tight">Vigie</span>
      <LiveIndicator compact />
    </div>
  );
}
