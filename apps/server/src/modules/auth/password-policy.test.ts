import { describe, expect, it } from "vitest";
import { isCommonPassword, passwordProblems } from "./password-policy.ts";

describe("password policy", () => {
  it("ships a list of about a thousand common passwords or more", async () => {
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8").split("\n");
    expect(lines.filter((l) => l && !l.startsWith("#")).length).toBeGreaterThanOrEqual(1000);
  });

  it("refuses common passwords whatever their case", () => {
    for (const p of [
      "password",
      "Password1",
      "P@SSW0RD",
      "qwerty123",
      "iloveyou",
      "azertyuiop",
      "Summer2024",
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
    expect(passwordProblems("Password123", "bob")).toEqual([
      { field: "password", message: "This password is too common; choose another", type: "common_password" },
    ]);
  });

  it("refuses short passwords, counting characters rather than UTF-16 units", () => {
    expect(passwordProblems("short7!", "bob")[0]?.type).toBe("too_small");
    expect(passwordProblems("🔒🔒🔒🔒🔒🔒🔒", "bob")[0]?.type).toBe("too_small");
    expect(passwordProblems("x".repeat(300), "bob")[0]?.type).toBe("too_big");
  });

  it("refuses blank passwords and control characters", () => {
    expect(passwordProblems(" ".repeat(8), "bob")[0]?.type).toBe("blank");
    expect(passwordProblems("\u3000".repeat(8), "bob")[0]?.type).toBe("blank");
    expect(passwordProblems("\0".repeat(8), "bob")[0]?.type).toBe("control_characters");
    expect(passwordProblems("tab\there-pass", "bob")[0]?.type).toBe("control_characters");
    expect(passwordProblems("pass\u0085word-x", "bob")[0]?.type).toBe("control_characters");
    expect(passwordProblems("  spaced out pass  ", "bob")).toEqual([]);
  });

  it("refuses the username as password and reports under the given field", () => {
    expect(passwordProblems("Jean-Marc.Dupont", "jean-marc.dupont", "new_password")).toEqual([
      { field: "new_password", message: "Password must not be the username", type: "same_as_username" },
    ]);
  });

  it("accepts a long, uncommon password", () => {
    expect(passwordProblems("correct-horse-battery", "admin")).toEqual([]);
    expect(passwordProblems("Tr0mbone-Orage-42", null)).toEqual([]);
  });
});
