import type { Asset, AssetUpdate } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";
import type { Clock } from "../../platform/clock.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import type { AssetFilter, AssetsRepository } from "./assets.repository.ts";

/** What the assets service reads and writes through. */
export interface AssetsDeps {
  assets: AssetsRepository;
  audit: AuditSink;
  clock: Clock;
}

/**
 * Assets (docs/ASSETS.md): the hosts the search indexer learnt from their events, read by every user; their
 * criticality is set by a supervisor or an admin, audited with the old and new value.
 */
export class AssetsService {
  constructor(private readonly deps: AssetsDeps) {}

  /** One page of assets matching a filter, most recently seen first. */
  list(filter: AssetFilter, offset: number, limit: number) {
    return this.deps.assets.list(filter, { offset, limit });
  }

  /** One asset; 404 when the site has no such host. */
  async get(siteId: string, host: string): Promise<Asset> {
    const asset = await this.deps.assets.get(siteId, host);
    if (!asset) throw errors.notFound("Asset");
    return asset;
  }

  /** Sets the criticality of an asset; alerts raised from now on use it (ADR 0024). */
  async update(siteId: string, host: string, patch: AssetUpdate, origin: ChangeOrigin): Promise<Asset> {
    const by = { id: origin.actor?.id ?? null, username: origin.actor?.username ?? null };
    const changed = await this.deps.assets.setCriticality(
      siteId,
      host,
      patch.criticality,
      by,
      this.deps.clock.now(),
    );
    if (!changed) throw errors.notFound("Asset");
    await this.deps.audit.record({
      ...origin,
      action: "asset.criticality_changed",
      target_type: "asset",
      target_id: `${changed.asset.site_id}/${changed.asset.host}`,
      details: {
        site_id: changed.asset.site_id,
        host: changed.asset.host,
        from: changed.previous,
        to: patch.criticality,
      },
    });
    return changed.asset;
  }
}
