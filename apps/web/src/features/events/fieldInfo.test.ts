import { describe, expect, it } from "vitest";
import { chooserColumns, moveColumn, toggleColumn, visibleColumns } from "./columnPrefs.ts";
import { chooseColumns, eventColumns } from "./eventColumns.tsx";
import { fieldValue, seenFields } from "./fieldInfo.ts";

const EVENT = {
  id: "e1",
  source_port: 5022,
  normalized: { service: "sshd", result: null, src_country: "FR" },
  metadata: { agent: { version: "7.1" }, "bad key": "x" },
};

describe("fields of the page's events", () => {
  it("lists the normalized and metadata keys that hold a value", () => {
    expect(seenFields([EVENT, { normalized: { service: "x", other: 1 } }])).toEqual([
      "metadata.agent",
      "normalized.other",
      "normalized.service",
      "normalized.src_country",
    ]);
  });

  it("reads a column, a path inside normalized / metadata, or a source field", () => {
    expect(fieldValue(EVENT, "source_port")).toBe("5022");
    expect(fieldValue(EVENT, "normalized.src_country")).toBe("FR");
    expect(fieldValue(EVENT, "metadata.agent.version")).toBe("7.1");
    expect(fieldValue(EVENT, "metadata.agent")).toBe('{"version":"7.1"}');
    expect(fieldValue(EVENT, "service")).toBe("sshd");
    expect(fieldValue(EVENT, "normalized.result")).toBeUndefined();
    expect(fieldValue(EVENT, "metadata.nothing.here")).toBeUndefined();
  });
});

describe("the column chooser", () => {
  it("shows the defaults until a choice is made, then the choice in its order", () => {
    expect(visibleColumns(undefined)).toContain("message");
    const chosen = moveColumn(
      toggleColumn(["timestamp", "message"], "normalized.src_country"),
      "normalized.src_country",
      -1,
    );
    expect(chosen).toEqual(["timestamp", "normalized.src_country", "message"]);
    expect(moveColumn(chosen, "timestamp", -1)).toBe(chosen);
    const listed = chooserColumns(chosen);
    expect(listed.slice(0, 3).every((c) => c.visible)).toBe(true);
    expect(listed.find((c) => c.id === "severity")).toEqual({ id: "severity", visible: false });
  });

  it("builds a field column for any id that is not a known column", () => {
    const all = eventColumns(
      (key) => key,
      (iso) => iso,
      () => undefined,
    );
    const columns = chooseColumns(all, ["message", "normalized.src_country"]);
    expect(columns.map((c) => c.id)).toEqual(["message", "normalized.src_country"]);
    expect(columns[0]).toBe(all.find((c) => c.id === "message"));
  });
});
