import { describe, expect, it } from "vitest";
import { compileCondition } from "./compile.ts";
import { expandPlaceholders } from "./placeholders.ts";

const values = new Map([
  ["admins", ["root", "admin"]],
  ["domains", ["corp", "lab"]],
]);

describe("expandPlaceholders", () => {
  it("replaces each placeholder by every value, combining several in one value", () => {
    const tree = expandPlaceholders(
      { any: [{ field: "User", value: ["%domains%\\%admins%", "svc"], expand: true }] },
      values,
    );
    expect(tree).toEqual({
      any: [{ field: "User", value: ["corp\\root", "corp\\admin", "lab\\root", "lab\\admin", "svc"] }],
    });
  });

  it("leaves tests without expand alone, and a placeholder without values for the compiler to name", () => {
    const plain = { field: "User", value: "%admins%" };
    expect(expandPlaceholders(plain, values)).toBe(plain);
    const unknown = expandPlaceholders({ field: "User", value: "%nobody%", expand: true }, values);
    expect(() => compileCondition(unknown)).toThrow(/%nobody% has no values/);
  });
});
