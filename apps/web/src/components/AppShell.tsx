import { Outlet, useRouterState } from "@tanstack/react-router";
import { useCallback, useEffect, useRef, useState } from "react";
import { useMe } from "../api/auth.ts";
import { useLiveStreams } from "../api/live.ts";
import { useT } from "../i18n/index.ts";
import { AlertSignals } from "./AlertSignals.tsx";
import { MobileTopBar } from "./MobileTopBar.tsx";
import { Sidebar } from "./Sidebar.tsx";

const NAV_ID = "main-navigation";

/**
 * The signed-in frame: sidebar, live streams and the routed page. From 1024 px the sidebar is always shown;
 * below, a top bar's menu button opens it over the page, and it closes on navigation, Escape or a tap beside it.
 */
export function AppShell() {
  useMe();
  useLiveStreams();
  const t = useT();
  const [navOpen, setNavOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const closeNav = useCallback((restoreFocus: boolean) => {
    setNavOpen(false);
    if (restoreFocus) menuButton.current?.focus();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is exactly what closes the menu
  useEffect(() => setNavOpen(false), [pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && closeNav(true);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navOpen, closeNav]);

  return (
    <div className="flex h-full flex-col lg:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-accent focus:px-3 focus:py-2 focus:text-accent-fg"
        data-testid="skip-link"
      >
        {t("nav.skip")}
      </a>
      <MobileTopBar ref={menuButton} navId={NAV_ID} navOpen={navOpen} onOpenNav={() => setNavOpen(true)} />
      {navOpen && (
        <button
          type="button"
          aria-label={t("nav.close")}
          tabIndex={-1}
          className="fixed inset-0 z-40 bg-black/50 lg:hidden"
          onClick={() => closeNav(true)}
        />
      )}
      <Sidebar id={NAV_ID} open={navOpen} onClose={() => closeNav(true)} />
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden focus:outline-none"
      >
        <Outlet />
      </main>
      <AlertSignals />
    </div>
  );
}
