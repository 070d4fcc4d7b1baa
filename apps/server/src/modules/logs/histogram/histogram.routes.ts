import type { AppContext } from "../../../container.ts";
import type { App } from "../../../http/app.ts";
import { errors } from "../../../http/errors.ts";
import { EventFiltersQuery, eventQueryOf } from "../list-params.ts";
import { eventHistogram } from "./histogram.ts";

const HistogramQuery = EventFiltersQuery.omit({ sort: true, order: true });

/** `GET /api/v1/logs/histogram`: how many events of a search fall in each time bucket of its window. */
export function histogramRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/api/v1/logs/histogram",
    {
      config: { access: "analyst" },
      schema: {
        tags: ["logs"],
        summary: "Counts of a search per time bucket (about 60 buckets over its window)",
        description:
          "Same filters and `q` as `GET /logs`. The window is `from`–`to` (`to` defaults to now, `from` to the " +
          "oldest match); the bucket size is chosen from it (15 min → 15 s, 24 h → 30 min, 30 d → 12 h), " +
          "aligned on UTC. Empty buckets are listed with a count of 0.",
        querystring: HistogramQuery,
      },
    },
    async (request) => {
      const query = eventQueryOf(request.query);
      if (query.from && query.to && query.from > query.to)
        throw errors.validation("from is after to", [
          { field: "from", message: "from must be before to", type: "range" },
        ]);
      return eventHistogram(ctx.db, query);
    },
  );
}
