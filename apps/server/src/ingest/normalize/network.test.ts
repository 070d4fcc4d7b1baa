import { describe, expect, it } from "vitest";
import { networkNormalizer } from "./network.ts";

const { normalize } = networkNormalizer;

describe("network normalizer", () => {
  it("reads Zeek's conn.log", () => {
    expect(
      normalize({ proto: "tcp", orig_bytes: 300, resp_bytes: "900", pkts: 12, direction: "outbound" }),
    ).toEqual({
      protocol: "tcp",
      bytes_sent: 300,
      bytes_received: 900,
      packets: 12,
      interface: null,
      direction: "outbound",
    });
  });

  it.each([
    [{ flow: { bytes_toserver: 1, bytes_toclient: 2 } }, "bytes_received", 2],
    [{ netflow: { pkts: 4, bytes: 486 } }, "packets", 4],
    [{ iface: "eth0" }, "interface", "eth0"],
    [{ in_iface: "wan" }, "interface", "wan"],
    [{ network: { direction: "inbound" } }, "direction", "inbound"],
  ])("alias %j → %s", (input, key, expected) => {
    expect(normalize(input)[key]).toBe(expected);
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { protocol: "ICMP", packets: "3" } })).toMatchObject({
      protocol: "ICMP",
      packets: 3,
    });
  });
});
