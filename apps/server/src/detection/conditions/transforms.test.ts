import { describe, expect, it } from "vitest";
import { makeEvent } from "../test-support.ts";
import { compileCondition } from "./compile.ts";
import { transformValue } from "./transforms.ts";

const hex = (text: string) =>
  Buffer.from(text, "latin1")
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ");

/** The examples of sigma-appendix-modifiers.md (Encoding and windash). */
describe("value transforms", () => {
  it("utf16le / wide, utf16be and utf16 encode as the appendix shows", () => {
    expect(transformValue("cmd", ["utf16le"]).map(hex)).toEqual(["63 00 6d 00 64 00"]);
    expect(transformValue("cmd", ["wide"]).map(hex)).toEqual(["63 00 6d 00 64 00"]);
    expect(transformValue("cmd", ["utf16be"]).map(hex)).toEqual(["00 63 00 6d 00 64"]);
    expect(transformValue("cmd", ["utf16"]).map(hex)).toEqual(["ff fe 63 00 6d 00 64 00"]);
  });

  it("base64 encodes the value, after wide when chained", () => {
    expect(transformValue("cmd", ["base64"])).toEqual(["Y21k"]);
    expect(transformValue("cmd", ["wide", "base64"])).toEqual([
      Buffer.from("cmd", "utf16le").toString("base64"),
    ]);
  });

  it("base64offset finds the value at any byte offset of a longer encoded text", () => {
    const variants = transformValue("http://evil", ["base64offset"]);
    expect(variants).toHaveLength(3);
    for (const prefix of ["", "a", "ab", "abc", "abcd"]) {
      const encoded = Buffer.from(`${prefix}http://evil/x.ps1`).toString("base64");
      expect(variants.some((variant) => encoded.includes(variant))).toBe(true);
    }
    expect(variants.some((variant) => Buffer.from("http://good").toString("base64").includes(variant))).toBe(
      false,
    );
  });

  it("windash writes every dash with -, /, en dash, em dash and horizontal bar", () => {
    expect(transformValue("-enc", ["windash"])).toEqual([
      "-enc",
      "/enc",
      "\u2013enc",
      "\u2014enc",
      "\u2015enc",
    ]);
    expect(transformValue("-a -b", ["windash"])).toHaveLength(25);
    expect(() => transformValue("-a -b -c -d -e", ["windash"])).toThrow(/more than 4 dashes/);
  });

  it("applies at compile time in a field test", () => {
    const encoded = Buffer.from("IEX (New-Object Net.WebClient)", "utf16le").toString("base64");
    const event = makeEvent(0, { normalized: { CommandLine: `powershell -enc ${encoded}` } });
    const test = compileCondition({
      field: "CommandLine",
      op: "contains",
      value: "New-Object Net.WebClient",
      transforms: ["wide", "base64offset"],
    });
    expect(test(event)).toBe(true);
    const flag = compileCondition({
      field: "CommandLine",
      op: "contains",
      value: " /enc ",
      transforms: ["windash"],
    });
    expect(flag(event)).toBe(true);
  });
});
