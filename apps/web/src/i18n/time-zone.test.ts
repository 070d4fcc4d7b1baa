import { describe, expect, it } from "vitest";
import { formatDateTime } from "./index.ts";
import { fromDateTimeInput, toDateTimeInput, wallTime, zoneLabel, zoneOffsetMs } from "./time-zone.ts";

const AT = "2026-11-21T08:15:30.000Z";

describe("dates in the user's zone", () => {
  it("formats one instant in the zone asked, day first in both languages", () => {
    expect(formatDateTime(AT, "fr", "Europe/Paris")).toBe("21/11/2026 09:15:30");
    expect(formatDateTime(AT, "en", "Asia/Tokyo")).toBe("21/11/2026 17:15:30");
    expect(formatDateTime(AT, "en", "America/New_York")).toBe("21/11/2026 03:15:30");
    expect(formatDateTime(AT, "fr", "UTC")).toBe("21/11/2026 08:15:30");
  });

  it("knows offsets on both sides of a clock change", () => {
    expect(zoneOffsetMs(Date.parse("2026-07-01T12:00:00Z"), "Europe/Paris")).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-12-01T12:00:00Z"), "Europe/Paris")).toBe(3_600_000);
    expect(zoneOffsetMs(Date.parse(AT), "America/St_Johns")).toBe(-3.5 * 3_600_000);
    expect(wallTime(Date.parse(AT), "Asia/Tokyo")).toMatchObject({ hour: 17, weekday: 5 });
  });

  it("reads a typed time in the zone and writes it back the same", () => {
    expect(fromDateTimeInput("21/11/2026 09:15", "Europe/Paris")).toBe("2026-11-21T08:15:00.000Z");
    expect(fromDateTimeInput("21/11/2026 17:15:30", "Asia/Tokyo")).toBe(AT);
    expect(fromDateTimeInput("1/7/2026 14:00", "Europe/Paris")).toBe("2026-07-01T12:00:00.000Z");
    expect(toDateTimeInput(AT, "Asia/Tokyo")).toBe("21/11/2026 17:15");
    expect(fromDateTimeInput(toDateTimeInput(AT, "America/New_York"), "America/New_York")).toBe(
      "2026-11-21T08:15:00.000Z",
    );
  });

  it("tells blank (no bound) from nonsense", () => {
    expect(fromDateTimeInput("  ", "UTC")).toBe("");
    expect(fromDateTimeInput("31/02/2026 10:00", "UTC")).toBeNull();
    expect(fromDateTimeInput("11/21/2026 10:00", "UTC")).toBeNull();
    expect(fromDateTimeInput("21/11/2026 25:00", "UTC")).toBeNull();
    expect(fromDateTimeInput("yesterday", "UTC")).toBeNull();
  });

  it("names the zone briefly", () => {
    expect(zoneLabel("Asia/Tokyo", Date.parse(AT), "en-GB")).toMatch(/GMT\+9|JST/);
    expect(zoneLabel("UTC", Date.parse(AT), "fr-FR")).toMatch(/UTC/);
  });
});
