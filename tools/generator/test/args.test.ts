import { describe, expect, it } from "vitest";
import { parseGeneratorArgs } from "../args.ts";

const base = ["--url", "http://localhost:8080/", "--token", "abc"];

describe("parseGeneratorArgs", () => {
  it("applies the defaults", () => {
    expect(parseGeneratorArgs(base)).toEqual({
      ok: true,
      options: {
        url: "http://localhost:8080",
        token: "abc",
        count: null,
        rate: 50,
        sites: 30,
        burst: false,
        attack: false,
        windows: false,
        seed: null,
        batchSize: 500,
      },
    });
  });

  it("reads every option", () => {
    const argv = [
      ...base,
      "--count",
      "1000",
      "--rate",
      "2.5",
      "--sites",
      "5",
      "--burst",
      "--attack",
      "--seed",
      "42",
      "--batch-size",
      "100",
    ];
    expect(parseGeneratorArgs(argv)).toMatchObject({
      ok: true,
      options: { count: 1000, rate: 2.5, sites: 5, burst: true, attack: true, seed: 42, batchSize: 100 },
    });
  });

  it("takes the token from VIGIE_INGEST_TOKEN when --token is absent", () => {
    const parsed = parseGeneratorArgs(["--url", "http://h:1"], { VIGIE_INGEST_TOKEN: "from-env" });
    expect(parsed).toMatchObject({ ok: true, options: { token: "from-env" } });
  });

  it("answers --help", () => {
    expect(parseGeneratorArgs(["--help"])).toEqual({ ok: true, help: true });
  });

  it.each([
    [["--token", "abc"], /--url is required/],
    [["--url", "http://h"], /--token is required/],
    [["--url", "ftp://h", "--token", "a"], /http\(s\)/],
    [["--url", "not a url", "--token", "a"], /http\(s\)/],
    [[...base, "--count", "0"], /--count must be an integer between 1/],
    [[...base, "--count", "12abc"], /--count/],
    [[...base, "--count", "1.5"], /--count must be an integer/],
    [[...base, "--rate=-3"], /--rate must be a number/],
    [[...base, "--rate", "-3"], /--rate/],
    [[...base, "--rate", ""], /--rate/],
    [[...base, "--sites", "31"], /--sites must be an integer between 1 and 30/],
    [[...base, "--batch-size", "501"], /--batch-size/],
    [[...base, "--speed", "2"], /speed/],
    [[...base, "extra"], /extra|positional/i],
    [[...base, "--count"], /--count/],
  ])("refuses %j", (argv, message) => {
    const parsed = parseGeneratorArgs(argv as string[]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});
