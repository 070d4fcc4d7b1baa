import { SavedSearchCreateSchema, SavedSearchUpdateSchema } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";

const Params = z.object({ id: z.string().max(64) });

/**
 * `/api/v1/saved-searches` (docs/SEARCH.md, "Saved searches"): whoever reads events keeps named searches,
 * shares them, and opens those others share; the owner changes them, an admin may delete a shared one.
 */
export function savedSearchesRoutes(app: App, ctx: AppContext): void {
  const tags = ["saved searches"];
  const { savedSearches } = ctx;

  app.get(
    "/api/v1/saved-searches",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "My saved searches, then those shared by others", querystring: PageQuery },
    },
    async (request) => {
      const { page, per_page } = request.query;
      const { items, total } = await savedSearches.list(request.user!, (page - 1) * per_page, per_page);
      return pageOf(items, total, page, per_page);
    },
  );

  app.post(
    "/api/v1/saved-searches",
    {
      config: { access: "analyst", answers: [201, 409] },
      schema: {
        tags,
        summary: "Save a search (its text, checked as the Events page runs it, and the form's filters)",
        body: SavedSearchCreateSchema,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await savedSearches.create(request.user!, request.body, originOf(request))),
  );

  app.get(
    "/api/v1/saved-searches/:id",
    { config: { access: "analyst" }, schema: { tags, summary: "One saved search", params: Params } },
    (request) => savedSearches.get(request.user!, request.params.id),
  );

  app.patch(
    "/api/v1/saved-searches/:id",
    {
      config: { access: "analyst", answers: [403, 409] },
      schema: {
        tags,
        summary: "Rename, share or replace a saved search (its owner only)",
        params: Params,
        body: SavedSearchUpdateSchema,
      },
    },
    (request) => savedSearches.update(request.user!, request.params.id, request.body, originOf(request)),
  );

  app.delete(
    "/api/v1/saved-searches/:id",
    {
      config: { access: "analyst", answers: [403] },
      schema: {
        tags,
        summary: "Delete a saved search (its owner; an admin, when it is shared)",
        params: Params,
      },
    },
    (request) => savedSearches.delete(request.user!, request.params.id, originOf(request)),
  );
}
