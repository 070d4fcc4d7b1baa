import { describe, expect, it } from "vitest";
import { udpDropsInTable } from "./kernel-drops.ts";

// The shape of Linux's /proc/net/udp: port 5514 is 0x158A.
const TABLE = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  101: 0100007F:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 1234
  102: 00000000:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 6
  103: 00000000:158B 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4244 2 0000000000000000 99
  104: 0100007F:A58A 0100007F:158A 01 00000000:00000000 00:00000000 00000000     0        0 4245 2 0000000000000000 7
`;

describe("udpDropsInTable", () => {
  it("sums the drops of the sockets bound to the port, not of other ports nor of peers on it", () => {
    expect(udpDropsInTable(TABLE, 5514)).toBe(1240);
    expect(udpDropsInTable(TABLE, 5515)).toBe(99);
    expect(udpDropsInTable(TABLE, 9)).toBe(0);
    expect(udpDropsInTable("garbage\n\n", 5514)).toBe(0);
  });
});
