import { describe, expect, it } from "vitest";
import { genericNormalizer } from "./generic.ts";

const { normalize } = genericNormalizer;

describe("generic normalizer", () => {
  it("reads message, then the AudioSOC v1 API's description, then common logger names", () => {
    expect(normalize({ message: "m", description: "d" })).toEqual({ message: "m" });
    expect(normalize({ description: "d" })).toEqual({ message: "d" });
    expect(normalize({ msg: "x" })).toEqual({ message: "x" });
    expect(normalize({ log: "y" })).toEqual({ message: "y" });
    expect(normalize({ metadata: { text: "z" } })).toEqual({ message: "z" });
  });

  it("caps a huge message and nulls an object", () => {
    expect(normalize({ message: "m".repeat(20_000) }).message).toHaveLength(2_048);
    expect(normalize({ message: { text: "nested" } })).toEqual({ message: null });
  });
});
