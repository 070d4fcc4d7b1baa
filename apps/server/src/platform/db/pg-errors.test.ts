import { describe, expect, it } from "vitest";
import { isStorageUnavailable } from "./pg-errors.ts";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isStorageUnavailable", () => {
  it("recognises an unreachable or departing server, also wrapped as drizzle's cause", () => {
    expect(isStorageUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(
      isStorageUnavailable(withCode("57P01", "terminating connection due to administrator command")),
    ).toBe(true);
    expect(isStorageUnavailable(withCode("08006"))).toBe(true);
    expect(isStorageUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isStorageUnavailable(new Error("Failed query: select 1", { cause: withCode("ECONNREFUSED") })),
    ).toBe(true);
  });

  it("leaves a statement's own failure alone", () => {
    expect(isStorageUnavailable(withCode("23505"))).toBe(false);
    expect(isStorageUnavailable(withCode("22P02", "invalid input syntax for type uuid"))).toBe(false);
    expect(isStorageUnavailable(new Error("boom"))).toBe(false);
    expect(isStorageUnavailable(null)).toBe(false);
  });
});
