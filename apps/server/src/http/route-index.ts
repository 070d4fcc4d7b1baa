import type { FastifyInstance } from "fastify";
import FindMyWay, { type HTTPMethod } from "find-my-way";

/** Remembers every route so an unknown method on a known path answers 405 instead of 404. */
export class RouteIndex {
  private readonly router = FindMyWay();
  private readonly methods = new Set<HTTPMethod>();

  /** Records routes as fastify registers them. */
  attach(app: FastifyInstance): void {
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat() as HTTPMethod[]) {
        // The web console's catch-all would make every unknown path "exist".
        if (method === "HEAD" || route.url === "/*" || this.router.hasRoute(method, route.url)) continue;
        this.methods.add(method);
        this.router.on(method, route.url, () => undefined);
      }
    });
  }

  /** Methods that exist for this URL's path. */
  methodsFor(url: string): string[] {
    const path = url.split("?")[0] ?? url;
    return [...this.methods].filter((m) => this.router.find(m, path) !== null);
  }
}
