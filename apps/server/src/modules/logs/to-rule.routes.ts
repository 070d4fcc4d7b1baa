import { SearchToRuleSchema } from "@vigie/contracts";
import type { App } from "../../http/app.ts";
import { eventQueryOf } from "./list-params.ts";
import { searchToCondition } from "./query/to-condition.ts";

/**
 * `POST /api/v1/logs/query/to-rule`: a search in the rules' condition language, for "Create rule from this
 * search" (docs/SEARCH.md); changes nothing, so whoever reads events may ask.
 */
export function searchToRuleRoutes(app: App): void {
  app.post(
    "/api/v1/logs/query/to-rule",
    {
      config: { access: "analyst" },
      schema: {
        tags: ["logs"],
        summary: "Express a search (text and filters) as a rule's event filter, with what it leaves out",
        body: SearchToRuleSchema,
      },
    },
    (request) => {
      const { q, filters } = request.body;
      // Compiled as the Events page runs it first: an unreadable search is its 422, with the position.
      const query = q ? eventQueryOf({ q }).query : undefined;
      return searchToCondition(query, filters);
    },
  );
}
