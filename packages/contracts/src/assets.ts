import { z } from "zod";

/** How much an asset matters, least first; high and critical raise its alerts' severity one step. */
export const ASSET_CRITICALITIES = ["low", "normal", "high", "critical"] as const;
/** One of `ASSET_CRITICALITIES`. */
export type AssetCriticality = (typeof ASSET_CRITICALITIES)[number];

/** The body of `PATCH /api/v1/assets/:site_id/:host`: the new criticality. */
export const AssetUpdateSchema = z.strictObject({ criticality: z.enum(ASSET_CRITICALITIES) });
/** A parsed `AssetUpdateSchema` body. */
export type AssetUpdate = z.output<typeof AssetUpdateSchema>;

/** A host learnt from its events, as the API returns it (docs/ASSETS.md). */
export interface Asset {
  /** The site (`""` for events without a site) and the lower-cased host name: the asset's identity. */
  site_id: string;
  host: string;
  /** The host name as its newest event spelt it. */
  name: string;
  first_seen: string;
  last_seen: string;
  /** Newest first, at most 20 each. */
  ips: string[];
  users: string[];
  os: string | null;
  event_count: number;
  criticality: AssetCriticality;
  set_by: string | null;
  set_at: string | null;
}
