import { Link, useNavigate } from "@tanstack/react-router";
import type { Role } from "@vigie/contracts";
import { useEffect, useRef } from "react";
import { type MessageKey, useT } from "../i18n/index.ts";
import { hasRole, useAuthStore } from "../stores/auth.ts";
import { useLiveStore } from "../stores/live.ts";
import { LiveIndicator } from "./LiveIndicator.tsx";
import { PreferenceSwitches } from "./PreferenceSwitches.tsx";

interface NavItem {
  to: string;
  label: MessageKey;
  minRole: Role;
}

/** The navigation, in the order an analyst's day goes; admin pages are listed only for admins. */
const NAV: NavItem[] = [
  { to: "/dashboard", label: "nav.dashboard", minRole: "analyst" },
  { to: "/events", label: "nav.events", minRole: "analyst" },
  { to: "/alerts", label: "nav.alerts", minRole: "analyst" },
  { to: "/cases", label: "nav.cases", minRole: "analyst" },
  { to: "/rules", label: "nav.rules", minRole: "analyst" },
  { to: "/attack", label: "nav.attack", minRole: "analyst" },
  { to: "/sites", label: "nav.sites", minRole: "analyst" },
  { to: "/assets", label: "nav.assets", minRole: "analyst" },
  { to: "/scenarios", label: "nav.scenarios", minRole: "analyst" },
  { to: "/indicators", label: "nav.indicators", minRole: "analyst" },
  { to: "/admin/users", label: "nav.users", minRole: "admin" },
  { to: "/audit", label: "nav.audit", minRole: "admin" },
  { to: "/settings", label: "nav.settings", minRole: "analyst" },
];

/** Always in the flow from 1024 px; below, a panel over the page while open and not rendered at all while closed. */
const PLACEMENT = {
  open: "max-lg:fixed max-lg:inset-y-0 max-lg:left-0 max-lg:z-50 max-lg:w-72 max-lg:max-w-[85vw] max-lg:shadow-2xl",
  closed: "max-lg:hidden",
};

/** Left navigation with the user's role, the live connection state and the count of new alerts. */
export function Sidebar({ id, open, onClose }: { id: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const user = useAuthStore((s) => s.user);
  const logout = useAuthStore((s) => s.logout);
  const unseen = useLiveStore((s) => s.unseenAlerts);
  const nav = useRef<HTMLElement>(null);
  // Opened from the menu button: the keyboard lands on the first link, not back at the top of the page.
  useEffect(() => {
    if (open) nav.current?.querySelector<HTMLElement>("a")?.focus();
  }, [open]);

  return (
    <aside
      id={id}
      className={`flex w-56 shrink-0 flex-col overflow-y-auto border-r border-line bg-panel ${PLACEMENT[open ? "open" : "closed"]}`}
      aria-label={t("nav.label")}
    >
      <div className="flex items-center gap-2 px-4 py-4">
        <span
          aria-hidden="true"
          className="grid size-7 place-items-center rounded-md bg-accent/15 font-bold text-accent"
        >
          V
        </span>
        <span className="flex-1 text-[15px] font-semibold tracking-tight">Vigie</span>
        <button type="button" className="vg-btn lg:hidden" onClick={onClose} data-testid="nav-close">
          {t("common.close")}
        </button>
      </div>
      <nav ref={nav} className="flex flex-1 flex-col gap-0.5 px-2">
        {NAV.filter((item) => hasRole(user?.role, item.minRole)).map((item) => (
          <Link
            key={item.to}
            to={item.to}
            className="flex items-center gap-2 rounded-md px-3 py-1.5 text-muted hover:bg-raised hover:text-fg max-lg:py-2.5"
            activeProps={{ className: "bg-raised !text-fg font-medium" }}
          >
            <span className="flex-1">{t(item.label)}</span>
            {item.to === "/alerts" && unseen > 0 && (
              <span
                data-testid="new-alerts-badge"
                className="rounded-full bg-red-500 px-1.5 text-[11px] font-semibold text-white"
              >
                {unseen > 99 ? "99+" : unseen}
                <span className="sr-only">{t("nav.newAlerts", { count: unseen })}</span>
              </span>
            )}
          </Link>
        ))}
      </nav>
      <div className="flex flex-col gap-3 border-t border-line p-3">
        <LiveIndicator testId="live-state" />
        <PreferenceSwitches />
        <div className="flex flex-wrap items-center gap-x-2 gap-y-2">
          {/* Wide enough for the role; a long sign-out label (French) moves to its own line instead. */}
          <div className="min-w-[6.5rem] flex-1">
            <p className="truncate font-medium" data-testid="current-user">
              {user?.username ?? "—"}
            </p>
            <p className="truncate text-[11px] uppercase tracking-wide text-muted" data-testid="current-role">
              {user ? t(`role.${user.role}`) : ""}
            </p>
          </div>
          <button
            type="button"
            className="vg-btn shrink-0"
            onClick={() => {
              logout();
              void navigate({ to: "/login" });
            }}
          >
            {t("nav.logout")}
          </button>
        </div>
      </div>
    </aside>
  );
}
