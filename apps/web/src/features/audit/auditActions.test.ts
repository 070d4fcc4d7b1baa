import { describe, expect, it } from "vitest";
import { en } from "../../i18n/en.ts";
import { fr } from "../../i18n/fr.ts";
import { type Translate, translate } from "../../i18n/index.ts";
import { AUDIT_ACTIONS, auditActionLabel } from "./auditActions.ts";

// The server's sources, read (never run) to find every action it writes to the audit log.
const serverSources = import.meta.glob("../../../../server/src/**/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** `action: "x.y"`, `audit: "x.y"`, `audit(ctx, request, "x.y"`, `#audit(origin, "x.y"`, `#changed(rule, "x.y"`. */
const WRITES = [
  /\b(?:action|audit):\s*"([a-z_]+\.[a-z_]+)"/g,
  /(?:\baudit|#audit|#changed)\([^"()]*"([a-z_]+\.[a-z_]+)"/g,
  // Both branches of `action: cond ? "a.b" : "a.c"` and `const action = cond ? "a.b" : "a.c"`.
  /\baction\s*[:=][^,\n]*\?\s*"([a-z_]+\.[a-z_]+)"/g,
  /\baction\s*[:=][^,\n]*\?[^,\n]*:\s*"([a-z_]+\.[a-z_]+)"/g,
];

function actionsWrittenByServer(): Set<string> {
  const found = new Set<string>();
  for (const [file, text] of Object.entries(serverSources)) {
    if (file.includes(".test.") || file.includes(".suite.") || !text.includes("audit")) continue;
    for (const pattern of WRITES) for (const match of text.matchAll(pattern)) found.add(match[1]!);
  }
  return found;
}

const tEn: Translate = (key, vars) => translate("en", key, vars);
const tFr: Translate = (key, vars) => translate("fr", key, vars);

describe("audit action names", () => {
  it("knows every action the server writes (a new one fails here until it is translated)", () => {
    const written = actionsWrittenByServer();
    expect(written.size).toBeGreaterThanOrEqual(AUDIT_ACTIONS.length);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)).sort()).toEqual([]);
  });

  it("has an English and a French name for each known action, different from the raw name", () => {
    for (const action of AUDIT_ACTIONS) {
      const key = `audit.action.${action}` as keyof typeof en;
      expect(en[key], action).toBeTruthy();
      expect(fr[key], action).toBeTruthy();
      expect(auditActionLabel(tEn, action)).not.toBe(action);
    }
    expect(auditActionLabel(tEn, "user.role_changed")).toBe("User role changed");
    expect(auditActionLabel(tFr, "user.role_changed")).toBe("Rôle d’utilisateur modifié");
  });

  it("shows an action it does not know as the server wrote it", () => {
    expect(auditActionLabel(tEn, "backup.restored")).toBe("backup.restored");
    expect(auditActionLabel(tFr, "backup.restored")).toBe("backup.restored");
  });
});
