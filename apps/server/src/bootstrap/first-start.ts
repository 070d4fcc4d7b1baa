import { randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import type { AppContext } from "../container.ts";
import { passwordProblems } from "../modules/auth/password-policy.ts";
import { hashPassword } from "../modules/auth/passwords.ts";
import { rulePacksService } from "../modules/rule-packs/rule-packs.routes.ts";
import { seedDefaultRules } from "../modules/rules/default-pack.ts";
import { withAdvisoryLock } from "../platform/db/advisory-lock.ts";

/** The 30 hearing-care centres of the reference customer, created on first start with editable names. */
export const DEFAULT_SITES = Array.from({ length: 30 }, (_, i) => {
  const n = String(i + 1).padStart(3, "0");
  return { id: `AUDIO_${n}`, name: `Centre auditif ${n}` };
});

/** What the first start created, to print once. */
export interface FirstStartReport {
  adminUsername: string;
  adminPassword: string | null;
  ingestToken: string | null;
}

type FirstStartContext = Pick<AppContext, "db" | "bus" | "audit" | "users" | "ingestTokens">;

/**
 * On an empty database: creates the sites, the default detection rules, the first admin and an "all sites" ingest
 * token, from `VIGIE_ADMIN_*` / `VIGIE_INGEST_TOKEN` or generated, then enables the rule packs' first-start
 * selections (`VIGIE_FIRST_START_PACKS`). Returns null when users already exist.
 */
export async function firstStart(config: Config, ctx: FirstStartContext): Promise<FirstStartReport | null> {
  const report = await createFirstAdmin(config, ctx);
  // After the lock: the pack install is one Sigma import with its own transaction.
  if (report && config.VIGIE_FIRST_START_PACKS === "on") {
    await rulePacksService(ctx).installFirstStart({ actor: null });
  }
  return report;
}

async function createFirstAdmin(
  config: Config,
  { db, users, ingestTokens: tokens }: FirstStartContext,
): Promise<FirstStartReport | null> {
  // Several nodes may start at once on an empty database: only one bootstraps.
  return withAdvisoryLock(db, 7263002, async () => {
    if ((await users.count()) > 0) return null;
    assertAdminPasswordAcceptable(config);
    await db.pool.query(
      "INSERT INTO sites (id, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO NOTHING",
      [DEFAULT_SITES.map((s) => s.id), DEFAULT_SITES.map((s) => s.name)],
    );
    await seedDefaultRules(db);
    const username = config.VIGIE_ADMIN_USERNAME ?? "admin";
    const password = config.VIGIE_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
    const admin = await users.create({
      username,
      email: `${username}@vigie.local`,
      passwordHash: await hashPassword(password),
      role: "admin",
    });
    const { token } = await tokens.create({
      name: "default (all sites)",
      siteId: null,
      createdBy: admin.id,
      token: config.VIGIE_INGEST_TOKEN,
    });
    return {
      adminUsername: username,
      adminPassword: config.VIGIE_ADMIN_PASSWORD ? null : password,
      ingestToken: config.VIGIE_INGEST_TOKEN ? null : token,
    };
  });
}

// A chosen first-admin password follows the same rules as every other password.
function assertAdminPasswordAcceptable(config: Config): void {
  const password = config.VIGIE_ADMIN_PASSWORD;
  const problem = password
    ? passwordProblems(password, config.VIGIE_ADMIN_USERNAME ?? "admin")[0]
    : undefined;
  if (problem) throw new Error(`VIGIE_ADMIN_PASSWORD: ${problem.message}`);
}

/** Prints generated credentials once, on stdout and never through the logger. */
export function printFirstStart(report: FirstStartReport): void {
  const lines = [
    "Vigie first start: save these now, they are not shown again.",
    `  admin user:    ${report.adminUsername}`,
    report.adminPassword
      ? `  admin password: ${report.adminPassword}`
      : "  admin password: (from VIGIE_ADMIN_PASSWORD)",
    report.ingestToken
      ? `  ingest token:  ${report.ingestToken}`
      : "  ingest token:  (from VIGIE_INGEST_TOKEN)",
  ];
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
}
