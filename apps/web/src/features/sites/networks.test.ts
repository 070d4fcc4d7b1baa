import { describe, expect, it } from "vitest";
import { isIpv4, isIpv6, networkProblem, parseNetworkLines, validateNetworks } from "./networks.ts";

describe("site sender networks", () => {
  it("reads IPv4 addresses as the server does", () => {
    for (const ok of ["10.7.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.10"])
      expect(isIpv4(ok), ok).toBe(true);
    for (const bad of ["10.7.0", "10.7.0.256", "10.07.0.1", "10.7.0.1.5", "a.b.c.d", " 10.7.0.1", ""])
      expect(isIpv4(bad), bad).toBe(false);
  });

  it("reads IPv6 addresses, compressed or not, with an IPv4 tail; refuses zones", () => {
    for (const ok of [
      "::",
      "::1",
      "fd00::",
      "2001:db8::1",
      "2001:0db8:0:0:0:0:0:1",
      "::ffff:10.0.0.1",
      "FE80::A",
    ])
      expect(isIpv6(ok), ok).toBe(true);
    for (const bad of [
      "2001:db8::1::2",
      "2001:db8:0:0:0:0:0:0:1",
      "2001:db8:0:0:0:0:1",
      "1:2:3:4:5:6:7::8",
      "12345::",
      "fe80::1%eth0",
      "::ffff:10.0.0",
      "10.0.0.1::",
      ":",
    ])
      expect(isIpv6(bad), bad).toBe(false);
  });

  it("accepts CIDR networks and bare addresses; says whether the address or the prefix is wrong", () => {
    for (const ok of ["10.7.0.0/16", "10.7.1.2/32", "10.7.1.2", "0.0.0.0/0", "fd00::/8", "2001:db8::/128"])
      expect(networkProblem(ok), ok).toBeNull();
    expect(networkProblem("10.7.0.0/33")).toBe("prefix");
    expect(networkProblem("fd00::/129")).toBe("prefix");
    expect(networkProblem("10.7.0.0/")).toBe("prefix");
    expect(networkProblem("10.7.0.0/1a")).toBe("prefix");
    expect(networkProblem("10.7.0.0/16/2")).toBe("syntax");
    expect(networkProblem("10.7.0.300/16")).toBe("syntax");
    expect(networkProblem("lab-network")).toBe("syntax");
  });

  it("keeps the line of each entry, skipping blank lines, and reports problems, duplicates and too many by line", () => {
    const entries = parseNetworkLines("10.7.0.0/16\n\n  10.8.0.0/33 \nfd00::/8\n10.7.0.0/16\n");
    expect(entries).toEqual([
      { line: 1, value: "10.7.0.0/16" },
      { line: 3, value: "10.8.0.0/33" },
      { line: 4, value: "fd00::/8" },
      { line: 5, value: "10.7.0.0/16" },
    ]);
    expect(validateNetworks(entries)).toEqual([
      { line: 3, value: "10.8.0.0/33", problem: "prefix" },
      { line: 5, value: "10.7.0.0/16", problem: "duplicate" },
    ]);
    const many = parseNetworkLines(Array.from({ length: 101 }, (_, i) => `10.9.${i}.0/24`).join("\n"));
    expect(validateNetworks(many)).toEqual([{ line: 0, value: "", problem: "tooMany" }]);
    expect(validateNetworks([])).toEqual([]);
  });
});
