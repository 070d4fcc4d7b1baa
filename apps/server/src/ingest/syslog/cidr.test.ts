import { describe, expect, it } from "vitest";
import { NetworkTable, parseCidr, parseIp } from "./cidr.ts";

describe("parseIp", () => {
  it("reads IPv4, IPv6 with ::, embedded IPv4 and zones", () => {
    expect(parseIp("10.7.0.1")).toEqual({ family: 4, value: 0x0a070001n });
    expect(parseIp("fd00::1")).toEqual({ family: 6, value: (0xfd00n << 112n) | 1n });
    expect(parseIp("::")).toEqual({ family: 6, value: 0n });
    expect(parseIp("2001:db8::ffff:10.0.0.1")?.value).toBe(
      (0x20010db8n << 96n) | (0xffffn << 32n) | 0x0a000001n,
    );
    expect(parseIp("fe80::1%eth0")).toEqual({ family: 6, value: (0xfe80n << 112n) | 1n });
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "10.0.0", "10.0.0.256", "host.example", "fd00:::1", "1.2.3.4/8"]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe("parseCidr", () => {
  it("clears host bits and treats a bare address as one host", () => {
    expect(parseCidr("10.7.1.2/16")).toMatchObject({ family: 4, prefix: 16, network: 0x0a070000n });
    expect(parseCidr("192.168.1.5")).toMatchObject({ family: 4, prefix: 32, network: 0xc0a80105n });
    expect(parseCidr("fd00::/8")).toMatchObject({ family: 6, prefix: 8, network: 0xfdn << 120n });
    expect(parseCidr(" 0.0.0.0/0 ")).toMatchObject({ prefix: 0, mask: 0n, network: 0n });
  });

  it("refuses bad prefixes and bad addresses", () => {
    for (const bad of [
      "10.0.0.0/33",
      "fd00::/129",
      "10.0.0.0/",
      "10.0.0.0/-1",
      "10.0.0.0/8/8",
      "10.0.0.0/x",
      "10.0.0/8",
      "nope/8",
      "fe80::1%eth0/64",
    ]) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
});

describe("NetworkTable", () => {
  const table = new NetworkTable([
    { siteId: "AUDIO_001", networks: ["10.0.0.0/8", "fd00::/8", "not-a-network", "10.0.0.0/40"] },
    { siteId: "AUDIO_002", networks: ["10.7.0.0/16", "fd00:7::/32"] },
    { siteId: "AUDIO_003", networks: ["10.7.3.0/24", "10.7.3.9"] },
    { siteId: "AUDIO_004", networks: ["10.7.3.0/24"] },
  ]);

  it("picks the most specific IPv4 network", () => {
    expect(table.siteFor("10.1.2.3")).toBe("AUDIO_001");
    expect(table.siteFor("10.7.200.1")).toBe("AUDIO_002");
    expect(table.siteFor("10.7.3.1")).toBe("AUDIO_003");
    expect(table.siteFor("10.7.3.9")).toBe("AUDIO_003");
    expect(table.siteFor("11.0.0.1")).toBeNull();
  });

  it("picks the most specific IPv6 network, and never mixes families", () => {
    expect(table.siteFor("fd00::5")).toBe("AUDIO_001");
    expect(table.siteFor("fd00:7:1::5")).toBe("AUDIO_002");
    expect(table.siteFor("fe80::1")).toBeNull();
    expect(new NetworkTable([{ siteId: "A", networks: ["::/0"] }]).siteFor("10.0.0.1")).toBeNull();
  });

  it("reads IPv4-mapped senders as IPv4", () => {
    expect(table.siteFor("::ffff:10.7.3.1")).toBe("AUDIO_003");
  });

  it("ignores bad networks and reports them", () => {
    expect(table.size).toBe(7);
    expect(table.invalid).toEqual(["AUDIO_001: not-a-network", "AUDIO_001: 10.0.0.0/40"]);
    expect(table.siteFor("not-an-ip")).toBeNull();
  });

  it("gives an equal-prefix tie to the site listed first", () => {
    expect(
      new NetworkTable([
        { siteId: "B", networks: ["10.0.0.0/8"] },
        { siteId: "A", networks: ["10.0.0.0/8"] },
      ]).siteFor("10.0.0.1"),
    ).toBe("B");
  });
});
