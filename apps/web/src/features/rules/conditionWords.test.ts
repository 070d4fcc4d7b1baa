import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import { conditionInWords } from "./conditionWords.ts";

const en = (condition: unknown) => conditionInWords((key, vars) => translate("en", key, vars), condition);
const fr = (condition: unknown) => conditionInWords((key, vars) => translate("fr", key, vars), condition);

describe("conditionInWords", () => {
  it("reads the equality object and field tests", () => {
    expect(en({ source_ip: "10.0.0.9", dest_port: 22 })).toBe("source_ip is “10.0.0.9” and dest_port is 22");
    expect(en({ field: "Image", op: "endswith", value: ["\\a.exe", "\\b.exe"] })).toBe(
      "Image ends with “\\a.exe” or “\\b.exe”",
    );
    expect(en({ field: "dest_ip", op: "exists", value: false })).toBe("dest_ip is absent");
  });

  it("nests lists in parentheses and reads not, of, keywords", () => {
    expect(
      en({
        all: [
          {
            any: [
              { field: "hostname", value: "a" },
              { field: "hostname", value: "b" },
            ],
          },
          { not: { keywords: { value: "test" } } },
        ],
      }),
    ).toBe("(hostname is “a” or hostname is “b”) and not (the text contains “test”)");
    expect(
      en({
        of: [
          { field: "x", value: 1 },
          { field: "y", value: 2 },
        ],
        at_least: 2,
      }),
    ).toBe("at least 2 of (x is 1; y is 2)");
  });

  it("speaks French", () => {
    expect(
      fr({
        all: [
          { field: "source_ip", op: "cidr", value: "10.0.0.0/8" },
          { field: "username", value: "svc" },
        ],
      }),
    ).toBe("source_ip est dans “10.0.0.0/8” et username vaut “svc”");
  });
});
