import { describe, expect, it } from "vitest";
import { coverageStep } from "./scale.ts";

describe("the coverage colour scale", () => {
  it("has a step for no rule, one, two to four, and five or more", () => {
    expect([0, 1, 2, 4, 5, 40].map(coverageStep)).toEqual(["none", "one", "few", "few", "many", "many"]);
  });
});
