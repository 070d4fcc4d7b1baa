import type { SearchFieldInfo } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../../container.ts";
import type { App } from "../../../http/app.ts";
import { errors } from "../../../http/errors.ts";
import { EventFiltersQuery, eventQueryOf } from "../list-params.ts";
import { SEARCH_FIELDS } from "../query/fields.ts";
import { MAX_TOP_VALUES, TOP_VALUES_SAMPLE, topValues, topValuesField } from "./top-values.ts";

const FieldParams = z.object({ field: z.string().min(1).max(200) });
const TopQuery = EventFiltersQuery.omit({ sort: true, order: true }).extend({
  limit: z.coerce.number().int().min(1).max(MAX_TOP_VALUES).default(10),
});

/** The registry's fields as the console's autocomplete offers them (`alert` is a filter, not a value). */
const FIELD_LIST: SearchFieldInfo[] = Object.entries(SEARCH_FIELDS)
  .filter(([, f]) => f.kind !== "alert")
  .map(([name, f]) => ({ name, kind: f.kind, ...(f.values ? { values: f.values } : {}) }));

/** `/api/v1/logs/fields`: the searchable fields, and the top values of one field for a search. */
export function fieldsRoutes(app: App, ctx: AppContext): void {
  const tags = ["logs"];
  app.get(
    "/api/v1/logs/fields",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "The fields of the search language (docs/SEARCH.md), with their kind" },
    },
    async () => ({ fields: FIELD_LIST }),
  );

  app.get(
    "/api/v1/logs/fields/:field/top",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary: "The most frequent values of a field among the newest events of a search",
        description:
          `Same filters and \`q\` as \`GET /logs\`. Counts over the newest ${TOP_VALUES_SAMPLE.toLocaleString("en")} ` +
          "matches at most (`sampled: true` when more matched); `field`: a registry field, `normalized.<key>` or " +
          "`metadata.<path>`.",
        params: FieldParams,
        querystring: TopQuery,
      },
    },
    async (request) => {
      const { field } = request.params;
      const sql = topValuesField(field);
      if (!sql)
        throw errors.validation(`Unknown field '${field}'`, [
          {
            field: "field",
            message: "Not a field with values (a registry field, normalized.*, metadata.*)",
            type: "unknown_field",
          },
        ]);
      const { limit, ...filters } = request.query;
      return topValues(ctx.db, eventQueryOf(filters), field, sql, limit);
    },
  );
}
