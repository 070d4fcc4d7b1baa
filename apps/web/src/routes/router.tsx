import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { LOG_FILTER_KEYS } from "../api/logs.ts";
import { AppShell } from "../components/AppShell.tsx";
import { NotFound } from "../components/NotFound.tsx";
import { useAuthStore } from "../stores/auth.ts";
import { pickPage, pickStrings } from "./search.ts";

/** URL state of `/events`: the API filters, free text, the open event and the pivot. */
export type EventsSearch = Partial<
  Record<(typeof LOG_FILTER_KEYS)[number] | "q" | "range" | "sort" | "order" | "event", string>
> & { page?: number };

/** What `/alerts` keeps in its URL: the filters, the sort, the view (list or groups), the open alert. */
export const ALERTS_SEARCH_KEYS = [
  "status",
  "severity",
  "site_id",
  "rule_id",
  "technique",
  "group_value",
  "assignee",
  "q",
  "range",
  "from",
  "to",
  "sort",
  "order",
  "view",
  "alert",
] as const;

/** URL state of `/alerts`. */
export type AlertsSearch = Partial<Record<(typeof ALERTS_SEARCH_KEYS)[number], string>> & {
  page?: number;
};

/** URL state of `/cases`: its filters and page. */
export type CasesSearch = Partial<Record<"status" | "severity" | "assignee" | "q", string>> & {
  page?: number;
};

/**
 * URL state of `/rules`: its filters (see `filterRules`), and `from_search`, an Events search
 * (`q=…&site_id=…`) whose rule form is open ("Create rule from this search").
 */
export type RulesSearch = Partial<Record<"q" | "severity" | "state" | "origin" | "from_search", string>>;

/** URL state of `/attack`: the alerts period, `show=covered` (covered only), the technique whose drawer is open. */
export type AttackSearch = Partial<Record<"range" | "show" | "technique", string>>;

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>) => pickStrings(search, ["redirect"] as const),
  component: lazyRouteComponent(() => import("../features/auth/LoginPage.tsx"), "LoginPage"),
});

/** Every page below needs a session; without one the user goes to /login and comes back after. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: ({ location }) => {
    if (!useAuthStore.getState().token) throw redirect({ to: "/login", search: { redirect: location.href } });
  },
  component: AppShell,
});

/** A signed-in page whose component is loaded on first visit. */
const page = <P extends string, M extends Record<string, unknown>>(
  path: P,
  importer: () => Promise<M>,
  name: keyof M & string,
) =>
  createRoute({
    getParentRoute: () => appRoute,
    path,
    component: lazyRouteComponent(importer as () => Promise<Record<string, React.ComponentType>>, name),
  });

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/dashboard" });
  },
});

const eventsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/events",
  validateSearch: (search: Record<string, unknown>): EventsSearch => ({
    ...pickStrings(search, [...LOG_FILTER_KEYS, "q", "range", "sort", "order", "event"] as const),
    page: pickPage(search),
  }),
  component: lazyRouteComponent(() => import("../features/events/EventsPage.tsx"), "EventsPage"),
});

const alertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/alerts",
  validateSearch: (search: Record<string, unknown>): AlertsSearch => ({
    ...pickStrings(search, ALERTS_SEARCH_KEYS),
    page: pickPage(search),
  }),
  component: lazyRouteComponent(() => import("../features/alerts/AlertsPage.tsx"), "AlertsPage"),
});

const rulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/rules",
  validateSearch: (search: Record<string, unknown>): RulesSearch =>
    pickStrings(search, ["q", "severity", "state", "origin", "from_search"] as const),
  component: lazyRouteComponent(() => import("../features/rules/RulesPage.tsx"), "RulesPage"),
});

const attackRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/attack",
  validateSearch: (search: Record<string, unknown>): AttackSearch =>
    pickStrings(search, ["range", "show", "technique"] as const),
  component: lazyRouteComponent(() => import("../features/attack/AttackPage.tsx"), "AttackPage"),
});

const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cases",
  validateSearch: (search: Record<string, unknown>): CasesSearch => ({
    ...pickStrings(search, ["status", "severity", "assignee", "q"] as const),
    page: pickPage(search),
  }),
  component: lazyRouteComponent(() => import("../features/cases/CasesPage.tsx"), "CasesPage"),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    indexRoute,
    page("/dashboard", () => import("../features/dashboard/DashboardPage.tsx"), "DashboardPage"),
    eventsRoute,
    alertsRoute,
    casesRoute,
    page("/cases/$caseId", () => import("../features/cases/CasePage.tsx"), "CasePage"),
    rulesRoute,
    attackRoute,
    page("/sites", () => import("../features/sites/SitesPage.tsx"), "SitesPage"),
    page("/sites/$siteId", () => import("../features/sites/SitePage.tsx"), "SitePage"),
    page("/assets", () => import("../features/assets/AssetsPage.tsx"), "AssetsPage"),
    page("/scenarios", () => import("../features/scenarios/ScenariosPage.tsx"), "ScenariosPage"),
    page("/indicators", () => import("../features/threat-intel/IndicatorsPage.tsx"), "IndicatorsPage"),
    page("/admin/users", () => import("../features/users/UsersPage.tsx"), "UsersPage"),
    page("/audit", () => import("../features/audit/AuditPage.tsx"), "AuditPage"),
    page("/settings", () => import("../features/settings/SettingsPage.tsx"), "SettingsPage"),
  ]),
]);

/** The app's router; route components are loaded on first visit (one chunk per page). */
export const router = createRouter({ routeTree, defaultPreload: "intent", scrollRestoration: false });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

export { alertsRoute, attackRoute, casesRoute, eventsRoute, loginRoute, rulesRoute };
