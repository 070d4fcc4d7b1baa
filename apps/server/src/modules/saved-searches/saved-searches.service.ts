import type { SavedSearch, SavedSearchCreate, SavedSearchUpdate, SearchFilters } from "@vigie/contracts";
import type { RequestUser } from "../../http/access.ts";
import { errors, zodDetails } from "../../http/errors.ts";
import type { Clock } from "../../platform/clock.ts";
import { uniqueViolation } from "../../platform/db/pg-errors.ts";
import { newId } from "../../platform/ids.ts";
import { EventFiltersQuery, eventQueryOf } from "../logs/list-params.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import {
  type SavedSearchesRepository,
  type SavedSearchFields,
  type SavedSearchRow,
  toSavedSearch,
} from "./saved-searches.repository.ts";

/** What the saved searches service works with. */
export interface SavedSearchesDeps {
  searches: SavedSearchesRepository;
  audit: AuditSink;
  clock: Clock;
}

/**
 * A search the Events page could not run is refused as the event list would refuse it: a filter it does not
 * take (a sort on a field without an index) names `filters.<key>`, a search text `q` and where.
 */
function checkSearch(q: string | undefined, filters: SearchFilters | undefined): void {
  const { range: _preset, ...listed } = filters ?? {};
  const parsed = EventFiltersQuery.safeParse(listed);
  if (!parsed.success) throw errors.validation("Invalid filters", zodDetails(parsed.error, ["filters"]));
  if (q) eventQueryOf({ q });
}

const nameTaken = (name: string) => errors.conflict(`You already have a saved search named "${name}"`);

/**
 * Saved searches (docs/SEARCH.md, "Saved searches"): each user's named searches, private or shared with
 * every signed-in user; only the owner changes one, and an admin may also delete a shared one. Audited.
 */
export class SavedSearchesService {
  constructor(private readonly deps: SavedSearchesDeps) {}

  /** One page of the user's searches and those shared by others. */
  async list(user: RequestUser, offset: number, limit: number) {
    const { rows, total } = await this.deps.searches.list(user.id, { offset, limit });
    return { items: rows.map((row) => toSavedSearch(row, user.id)), total };
  }

  /** One search the user may see; 404 otherwise (someone else's private search included). */
  async get(user: RequestUser, id: string): Promise<SavedSearch> {
    return toSavedSearch(await this.#visible(user, id), user.id);
  }

  /** A new search owned by the user; 409 when they already have one of that name. */
  async create(user: RequestUser, body: SavedSearchCreate, origin: ChangeOrigin): Promise<SavedSearch> {
    checkSearch(body.q, body.filters);
    const id = newId();
    const fields = { ...body, description: body.description || null };
    try {
      await this.deps.searches.insert(id, user.id, fields, this.deps.clock.now());
    } catch (error) {
      if (uniqueViolation(error)) throw nameTaken(body.name);
      throw error;
    }
    await this.#audit(origin, "saved_search.created", id, { name: body.name, shared: body.shared });
    return this.get(user, id);
  }

  /** Renames, reshares or replaces the search; the owner only (403 for a search shared by someone else). */
  async update(
    user: RequestUser,
    id: string,
    patch: SavedSearchUpdate,
    origin: ChangeOrigin,
  ): Promise<SavedSearch> {
    const row = await this.#visible(user, id);
    if (row.owner_id !== user.id) throw errors.forbidden("Only its owner can change a saved search");
    checkSearch(patch.q, patch.filters);
    const fields: SavedSearchFields = { ...patch };
    if (patch.description !== undefined) fields.description = patch.description || null;
    try {
      await this.deps.searches.update(row.id, fields, this.deps.clock.now());
    } catch (error) {
      if (uniqueViolation(error)) throw nameTaken(patch.name ?? row.name);
      throw error;
    }
    await this.#audit(origin, "saved_search.updated", row.id, {
      name: row.name,
      changed: Object.keys(patch),
    });
    return this.get(user, row.id);
  }

  /** Deletes the search: its owner, or an admin when it is shared (a private one stays private). */
  async delete(user: RequestUser, id: string, origin: ChangeOrigin): Promise<{ deleted: true }> {
    const row = await this.#visible(user, id);
    const allowed = row.owner_id === user.id || (row.shared && user.role === "admin");
    if (!allowed)
      throw errors.forbidden("Only its owner (or an admin, once shared) can delete a saved search");
    await this.deps.searches.delete(row.id);
    await this.#audit(origin, "saved_search.deleted", row.id, { name: row.name, owner: row.owner });
    return { deleted: true };
  }

  async #visible(user: RequestUser, id: string): Promise<SavedSearchRow> {
    const row = await this.deps.searches.visible(user.id, id);
    if (!row) throw errors.notFound("Saved search");
    return row;
  }

  #audit(origin: ChangeOrigin, action: string, id: string, details: Record<string, unknown>) {
    return this.deps.audit.record({ ...origin, action, target_type: "saved_search", target_id: id, details });
  }
}
