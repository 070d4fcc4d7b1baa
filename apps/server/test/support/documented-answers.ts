import type { Config } from "../../src/config.ts";
import type { App } from "../../src/http/app.ts";
import { servesRoute } from "../../src/http/role-gate.ts";

type Operations = Record<string, { responses?: Record<string, unknown> }>;

/** `METHOD /path/:id` → the status codes its OpenAPI operation lists. */
function documentedCodes(app: App): Map<string, Set<number>> {
  const paths = (app.swagger() as { paths: Record<string, Operations> }).paths;
  const codes = new Map<string, Set<number>>();
  for (const [path, operations] of Object.entries(paths)) {
    const url = path.replace(/\{(\w+)\}/g, ":$1");
    for (const [method, operation] of Object.entries(operations))
      codes.set(
        `${method.toUpperCase()} ${url}`,
        new Set(Object.keys(operation.responses ?? {}).map(Number)),
      );
  }
  return codes;
}

/**
 * Makes every answer of a test app a check of the API reference: an answer whose status code the
 * route's OpenAPI operation does not list is recorded, and `problems()` names each one (the test app
 * fails its file on close). Routes this node does not serve (VIGIE_ROLES), the web console and the
 * reference itself are left out. Must be installed before the app is ready.
 */
export function checkAnswersAgainstDocument(app: App, config: Config): { problems(): string[] } {
  const problems = new Set<string>();
  let documented: Map<string, Set<number>> | null = null;
  app.addHook("onResponse", async (request, reply) => {
    const { url, config: route } = request.routeOptions;
    if (!url || url === "/*" || url.startsWith("/api/docs") || !servesRoute(config, url, route.access))
      return;
    documented ??= documentedCodes(app);
    const key = `${request.method === "HEAD" ? "GET" : request.method} ${url}`;
    const codes = documented.get(key);
    if (!codes) problems.add(`${key} is not in the OpenAPI document`);
    else if (!codes.has(reply.statusCode))
      problems.add(`${key} answered ${reply.statusCode}, which its OpenAPI operation does not list`);
  });
  return { problems: () => [...problems] };
}
