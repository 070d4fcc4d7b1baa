import { describe, expect, it } from "vitest";
import {
  defineNormalizer,
  type FieldSpec,
  lookupEventType,
  MAX_NORMALIZED_TEXT,
  toCode,
  toNumber,
  toText,
} from "./fields.ts";

describe("toText", () => {
  it("trims strings and treats blank ones as absent", () => {
    expect(toText("  deny \n")).toBe("deny");
    expect(toText("   ")).toBeNull();
    expect(toText("")).toBeNull();
  });

  it("removes control characters", () => {
    expect(toText("al\u0000low\u001b[0m")).toBe("allow[0m");
  });

  it("caps at 2,048 characters without splitting an emoji", () => {
    expect(toText("u".repeat(100_000))).toHaveLength(MAX_NORMALIZED_TEXT);
    expect(toText(`${"u".repeat(MAX_NORMALIZED_TEXT - 1)}🔥`)).toBe("u".repeat(MAX_NORMALIZED_TEXT - 1));
  });

  it("turns finite numbers and booleans into text", () => {
    expect(toText(53)).toBe("53");
    expect(toText(true)).toBe("true");
    expect(toText(Number.NaN)).toBeNull();
    expect(toText(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("never returns an object", () => {
    expect(toText({ name: "x" })).toBeNull();
    expect(toText(null)).toBeNull();
    expect(toText(undefined)).toBeNull();
    expect(toText(() => "x")).toBeNull();
  });

  it("joins the scalar items of a list and skips the others", () => {
    expect(toText(["a@x.org", " b@y.org ", 7])).toBe("a@x.org, b@y.org, 7");
    expect(toText([{ a: 1 }, ["nested"], "kept"])).toBe("kept");
    expect(toText([{ a: 1 }, null])).toBeNull();
    expect(toText([])).toBeNull();
  });

  it("bounds what a huge list costs", () => {
    const joined = toText(Array.from({ length: 10_000 }, (_, i) => `item${i}`));
    expect(joined?.split(", ")).toHaveLength(32);
    expect(toText(Array.from({ length: 32 }, () => "z".repeat(1_000)))).toHaveLength(MAX_NORMALIZED_TEXT);
  });
});

describe("toNumber", () => {
  it.each([
    [443, 443],
    ["443", 443],
    [" 443 ", 443],
    ["-1.5", -1.5],
    ["1e3", 1000],
    [".5", 0.5],
    [0, 0],
  ])("%j → %j", (input, expected) => {
    expect(toNumber(input)).toBe(expected);
  });

  it.each([
    ["abc"],
    [""],
    ["  "],
    ["0x1f"],
    ["12abc"],
    ["Infinity"],
    ["1e999"],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [true],
    [null],
    [undefined],
    [[443]],
    [{ value: 443 }],
    ["9".repeat(100)],
  ])("%j → null", (input) => {
    expect(toNumber(input)).toBeNull();
  });
});

describe("toCode", () => {
  it("is a number when numeric, else text", () => {
    expect(toCode("2017318")).toBe(2017318);
    expect(toCode(10)).toBe(10);
    expect(toCode(" ET-2017318 ")).toBe("ET-2017318");
    expect(toCode({ id: 1 })).toBeNull();
  });
});

describe("defineNormalizer", () => {
  const sample = defineNormalizer({
    name: { kind: "text", aliases: ["alias_name", "outer.inner.name"] },
    count: { kind: "number", aliases: ["n"] },
  });

  it("lists its keys", () => {
    expect(sample.keys).toEqual(["name", "count"]);
  });

  it("always returns every key, null when absent", () => {
    expect(sample.normalize({})).toEqual({ name: null, count: null });
    expect(sample.normalize({ unrelated: "x" })).toEqual({ name: null, count: null });
  });

  it("reads the top level, then metadata, then the aliases", () => {
    const all = { name: "top", alias_name: "alias", metadata: { name: "meta" } };
    expect(sample.normalize(all).name).toBe("top");
    expect(sample.normalize({ alias_name: "alias", metadata: { name: "meta" } }).name).toBe("meta");
    expect(sample.normalize({ alias_name: "alias" }).name).toBe("alias");
    expect(sample.normalize({ metadata: { alias_name: "meta alias" } }).name).toBe("meta alias");
  });

  it("reads nested paths and flat dotted keys, the flat key first", () => {
    expect(sample.normalize({ outer: { inner: { name: "nested" } } }).name).toBe("nested");
    expect(sample.normalize({ "outer.inner.name": "flat", outer: { inner: { name: "nested" } } }).name).toBe(
      "flat",
    );
    expect(sample.normalize({ metadata: { outer: { inner: { name: "in metadata" } } } }).name).toBe(
      "in metadata",
    );
  });

  it("skips a value it cannot use and takes the next candidate", () => {
    expect(sample.normalize({ count: "abc", n: "12" }).count).toBe(12);
    expect(sample.normalize({ name: { nested: "object" }, alias_name: "usable" }).name).toBe("usable");
    expect(sample.normalize({ name: "   ", metadata: { name: "meta" } }).name).toBe("meta");
  });

  it("survives garbage where objects are expected", () => {
    expect(sample.normalize({ outer: [{ inner: { name: "x" } }] }).name).toBeNull();
    expect(sample.normalize({ outer: "string", metadata: ["not", "an", "object"] })).toEqual({
      name: null,
      count: null,
    });
    expect(sample.normalize({ metadata: null, outer: { inner: null } })).toEqual({ name: null, count: null });
  });

  it("survives inputs that are not objects at all", () => {
    for (const input of [null, undefined, "text", 42, ["name"]]) {
      expect(sample.normalize(input as unknown as Record<string, unknown>)).toEqual({
        name: null,
        count: null,
      });
    }
  });

  it("does not read inherited properties", () => {
    const inheritedName: FieldSpec = { kind: "text", aliases: ["toString"] };
    const constructorNormalizer = defineNormalizer({ constructor: inheritedName });
    expect(constructorNormalizer.normalize({})).toEqual({ constructor: null });
    const lengthNormalizer = defineNormalizer({ size: { kind: "number", aliases: ["list.length"] } });
    expect(lengthNormalizer.normalize({ list: [1, 2, 3] })).toEqual({ size: null });
  });

  it("has no event-type guess unless given one", () => {
    expect(sample.inferEventType).toBeUndefined();
    const guessing = defineNormalizer({ name: { kind: "text" } }, (n) => (n.name ? "named" : undefined));
    expect(guessing.inferEventType?.({ name: "x" })).toBe("named");
  });
});

describe("lookupEventType", () => {
  const table = { deny: "firewall_deny" };

  it("looks up the lower-cased value", () => {
    expect(lookupEventType(table, "DENY")).toBe("firewall_deny");
  });

  it("gives undefined for other values and inherited names", () => {
    expect(lookupEventType(table, "allow")).toBeUndefined();
    expect(lookupEventType(table, "constructor")).toBeUndefined();
    expect(lookupEventType(table, 1)).toBeUndefined();
    expect(lookupEventType(table, null)).toBeUndefined();
  });
});
