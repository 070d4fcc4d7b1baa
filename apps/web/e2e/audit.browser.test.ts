import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

describe("audit log", () => {
  it("names each action in the reader's language and filters by action", async () => {
    const user = await suite.api.createUser("analyst", "audited");
    await suite.api.asAdmin("PATCH", `/api/v1/admin/users/${user.id}/role`, { role: "supervisor" });
    const { page, problems } = await suite.signedIn("first-admin", { locale: "fr" });
    await page.goto(`${suite.url}/audit`);

    // The rows about this user: the raw action stays in the cell's title for whoever needs it.
    const rowsOfUser = page.locator('[data-testid="audit-row"]').filter({ hasText: user.id.slice(-8) });
    const created = rowsOfUser.locator('[data-action="user.created"]');
    await created.waitFor();
    expect(await created.textContent()).toBe("Utilisateur créé");
    expect(await created.getAttribute("title")).toBe("user.created");
    expect(await rowsOfUser.locator('[data-action="user.role_changed"]').textContent()).toBe(
      "Rôle d’utilisateur modifié",
    );
    // The first admin's sign-in of this very test is there too.
    expect(
      await page.locator('[data-testid="audit-row"] [data-action="auth.login"]').first().textContent(),
    ).toBe("Connexion");

    await page.locator('[data-testid="audit-action-filter"]').selectOption("user.role_changed");
    await expect
      .poll(async () => [
        ...new Set(
          await page
            .locator('[data-testid="audit-row"] [data-action]')
            .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-action"))),
        ),
      ])
      .toEqual(["user.role_changed"]);

    await page.locator('[data-testid="locale-en"]').click();
    await expect
      .poll(() => rowsOfUser.locator('[data-action="user.role_changed"]').textContent())
      .toBe("User role changed");
    expectClean(problems);
    await page.context().close();
  });
});
