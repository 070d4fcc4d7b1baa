import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { Database } from "../../platform/db/database.ts";
import { ingestTokens } from "../../platform/db/schema.ts";

/** Who is sending: the token's id and the site it is bound to (null = all sites). */
export interface IngestPrincipal {
  tokenId: string;
  siteId: string | null;
}

/** A token row as listed to admins (never the hash). */
export type IngestTokenRecord = typeof ingestTokens.$inferSelect;

const CACHE_MS = 10_000;
const TOUCH_EVERY_MS = 60_000;

/** Tokens are random, so a fast hash is enough: nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Issues, verifies and revokes ingest tokens; verification is cached briefly to keep ingest fast. */
export class IngestTokenService {
  private readonly cache = new Map<string, { principal: IngestPrincipal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Database) {}

  /** Creates a token (random unless given) and returns its clear text once. */
  async create(input: { name: string; siteId: string | null; createdBy?: string | null; token?: string }) {
    const token = input.token ?? `vgi_${randomBytes(24).toString("base64url")}`;
    const [record] = await this.db.orm
      .insert(ingestTokens)
      .values({
        id: uuidv7(),
        name: input.name,
        siteId: input.siteId,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 8),
        createdBy: input.createdBy ?? null,
      })
      .returning();
    return { token, record: record! };
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
    this.cache.set(hash, { principal, until: Date.now() + CACHE_MS });
    if (principal) this.touch(principal.tokenId);
    return principal;
  }

  /** Forgets cached verifications (after a revocation). */
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
