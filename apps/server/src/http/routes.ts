import type { AppContext } from "../container.ts";
import { adminRoutes } from "../modules/admin/admin.routes.ts";
import { alertsRoutes } from "../modules/alerts/alerts.routes.ts";
import { assetsRoutes } from "../modules/assets/assets.routes.ts";
import { attackRoutes } from "../modules/attack/attack.routes.ts";
import { auditRoutes } from "../modules/audit/audit.routes.ts";
import { authRoutes } from "../modules/auth/auth.routes.ts";
import { casesRoutes } from "../modules/cases/cases.routes.ts";
import { dashboardRoutes } from "../modules/dashboard/dashboard.routes.ts";
import { healthRoutes } from "../modules/health/health.routes.ts";
import { audioSocLogsRoutes } from "../modules/logs/audiosoc.routes.ts";
import { exportRoutes } from "../modules/logs/export/export.routes.ts";
import { fieldsRoutes } from "../modules/logs/fields/fields.routes.ts";
import { histogramRoutes } from "../modules/logs/histogram/histogram.routes.ts";
import { logsRoutes } from "../modules/logs/logs.routes.ts";
import { rawIngestRoutes } from "../modules/logs/raw-ingest.routes.ts";
import { searchToRuleRoutes } from "../modules/logs/to-rule.routes.ts";
import { metricsRoutes } from "../modules/metrics/metrics.routes.ts";
import { rulePacksRoutes } from "../modules/rule-packs/rule-packs.routes.ts";
import { audioSocRulesRoutes } from "../modules/rules/audiosoc-rules.routes.ts";
import { ruleExceptionsRoutes } from "../modules/rules/exceptions.routes.ts";
import { placeholdersRoutes } from "../modules/rules/placeholders.routes.ts";
import { rulesRoutes } from "../modules/rules/rules.routes.ts";
import { savedSearchesRoutes } from "../modules/saved-searches/saved-searches.routes.ts";
import { scenariosRoutes } from "../modules/scenarios/scenarios.routes.ts";
import { sigmaRoutes } from "../modules/sigma/sigma.routes.ts";
import { siteTokensRoutes } from "../modules/sites/site-tokens.routes.ts";
import { sitesRoutes } from "../modules/sites/sites.routes.ts";
import { indicatorsRoutes } from "../modules/threat-intel/indicators.routes.ts";
import { webRoutes } from "../modules/web/web.routes.ts";
import type { App } from "./app.ts";
import { liveRoutes } from "./live/live.routes.ts";

/** Every route module, registered in this order; a module adds its routes here and nowhere else. */
export const routeModules: ((app: App, ctx: AppContext) => void | Promise<void>)[] = [
  healthRoutes,
  metricsRoutes,
  authRoutes,
  adminRoutes,
  sitesRoutes,
  siteTokensRoutes,
  auditRoutes,
  logsRoutes,
  searchToRuleRoutes,
  savedSearchesRoutes,
  exportRoutes,
  fieldsRoutes,
  histogramRoutes,
  rawIngestRoutes,
  audioSocLogsRoutes,
  liveRoutes,
  rulesRoutes,
  ruleExceptionsRoutes,
  sigmaRoutes,
  rulePacksRoutes,
  placeholdersRoutes,
  audioSocRulesRoutes,
  alertsRoutes,
  assetsRoutes,
  attackRoutes,
  casesRoutes,
  scenariosRoutes,
  dashboardRoutes,
  indicatorsRoutes,
  // Last: its catch-all serves the web console for every other GET.
  webRoutes,
];
