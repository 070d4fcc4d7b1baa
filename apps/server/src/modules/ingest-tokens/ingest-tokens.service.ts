import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Database } from "../../platform/db/database.ts";
import { ingestTokens } from "../../platform/db/schema.ts";
import { newId } from "../../platform/ids.ts";
import { isUuid } from "../users/users.repository.ts";

/** Who is sending: the token's id and the site it is bound to (null = all sites). */
export interface IngestPrincipal {
  tokenId: string;
  siteId: string | null;
}

/** A token row (holds the hash: never return it as is; see `publicIngestToken`). */
export type IngestTokenRecord = typeof ingestTokens.$inferSelect;

/** Which tokens to list: those of one site, the "all sites" ones (null), or every token. */
export type TokenScope = { siteId: string | null } | "all";

const CACHE_MS = 10_000;
const TOUCH_EVERY_MS = 60_000;
const MAX_CACHED = 10_000;

/** Tokens are random, so a fast hash is enough: nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as shown to admins: name, prefix, site, dates; never the hash or the secret. */
export function publicIngestToken(t: IngestTokenRecord) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    site_id: t.siteId,
    created_by: t.createdBy,
    created_at: t.createdAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    revoked_at: t.revokedAt?.toISOString() ?? null,
  };
}

/** Issues, verifies and revokes ingest tokens; verification is cached briefly to keep ingest fast. */
export class IngestTokenService {
  private readonly cache = new Map<string, { principal: IngestPrincipal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly bus: Bus,
  ) {
    // A token revoked on another node must stop here too, not only when our cache expires.
    bus.subscribe("ingest_tokens.changed", () => this.invalidate());
  }

  /** Creates a token (random unless given) and returns its clear text once. */
  async create(input: { name: string; siteId: string | null; createdBy?: string | null; token?: string }) {
    const token = input.token ?? `vgi_${randomBytes(24).toString("base64url")}`;
    const [record] = await this.db.orm
      .insert(ingestTokens)
      .values({
        id: newId(),
        name: input.name,
        siteId: input.siteId,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 8),
        createdBy: input.createdBy ?? null,
      })
      .returning();
    return { token, record: record! };
  }

  /** Tokens in a scope, newest first, revoked ones included (they show when they were revoked). */
  async list(scope: TokenScope): Promise<IngestTokenRecord[]> {
    return this.db.orm
      .select()
      .from(ingestTokens)
      .where(inScope(scope))
      .orderBy(desc(ingestTokens.createdAt), desc(ingestTokens.id));
  }

  /** Revokes a token of the scope (idempotent); null when there is no such token there. */
  async revoke(id: string, scope: TokenScope): Promise<IngestTokenRecord | null> {
    if (!isUuid(id)) return null;
    const [existing] = await this.db.orm
      .select()
      .from(ingestTokens)
      .where(and(eq(ingestTokens.id, id), inScope(scope)));
    if (!existing || existing.revokedAt) return existing ?? null;
    const [revoked] = await this.db.orm
      .update(ingestTokens)
      .set({ revokedAt: new Date() })
      .where(eq(ingestTokens.id, id))
      .returning();
    await this.changed(id);
    return revoked ?? null;
  }

  /** After tokens changed (revoked, or deleted with their site): forget cached verifications on every node. */
  async changed(tokenId: string): Promise<void> {
    this.invalidate();
    await this.bus.publish("ingest_tokens.changed", { token_id: tokenId });
  }

  /** The principal of a valid, unrevoked token, or null. */
  async authenticate(token: string): Promise<IngestPrincipal | null> {
    const hash = hashToken(token);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const [row] = await this.db.orm
      .select()
      .from(ingestTokens)
      .where(and(eq(ingestTokens.tokenHash, hash), isNull(ingestTokens.revokedAt)));
    const principal = row ? { tokenId: row.id, siteId: row.siteId } : null;
    // Refusals are cached too (a misconfigured source retries fast), so bound the cache against random tokens.
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(hash, { principal, until: Date.now() + CACHE_MS });
    if (principal) this.touch(principal.tokenId);
    return principal;
  }

  /** Forgets cached verifications on this node. */
  invalidate(): void {
    this.cache.clear();
  }

  private touch(id: string): void {
    const last = this.touched.get(id) ?? 0;
    if (Date.now() - last < TOUCH_EVERY_MS) return;
    this.touched.set(id, Date.now());
    void this.db.orm
      .update(ingestTokens)
      .set({ lastUsedAt: new Date() })
      .where(eq(ingestTokens.id, id))
      .catch(() => undefined);
  }
}

function inScope(scope: TokenScope): SQL | undefined {
  if (scope === "all") return undefined;
  return scope.siteId === null ? isNull(ingestTokens.siteId) : eq(ingestTokens.siteId, scope.siteId);
}
