import type { Bus } from "../../platform/bus/bus.ts";
import type { Database } from "../../platform/db/database.ts";

/** Registered ids remembered this long, in case a `sites.changed` notice was missed. */
const REMEMBER_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Which site ids are registered, for the ingest policy. Registered ids are remembered (a lookup per
 * record would cost a query per request); an id not remembered is read from the database, so a site
 * registered a moment ago on any node is known at once. A changed or deleted site is forgotten on
 * `sites.changed`, which every node hears.
 */
export class KnownSites {
  private readonly known = new Set<string>();
  private rememberedSince = Date.now();

  constructor(
    private readonly db: Database,
    bus: Bus,
  ) {
    bus.subscribe("sites.changed", ({ site_id }) => {
      this.known.delete(site_id);
    });
  }

  /** The ids among `ids` that name no registered site. */
  async unknown(ids: Iterable<string>): Promise<Set<string>> {
    if (Date.now() - this.rememberedSince > REMEMBER_MS || this.known.size > MAX_REMEMBERED) {
      this.known.clear();
      this.rememberedSince = Date.now();
    }
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (!missing.length) return new Set();
    const { rows } = await this.db.pool.query<{ id: string }>(
      "SELECT id FROM sites WHERE id = ANY($1::text[])",
      [missing],
    );
    for (const row of rows) this.known.add(row.id);
    return new Set(missing.filter((id) => !this.known.has(id)));
  }
}
