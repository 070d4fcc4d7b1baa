import { describe, expect, it } from "vitest";
import { DatagramQueue } from "./datagram-queue.ts";

const take = (queue: DatagramQueue) => {
  let taken: string[] | null = null;
  queue.shift((datagram, siteId, senderIp) => {
    taken = [datagram.toString(), siteId, senderIp];
  });
  return taken;
};

describe("DatagramQueue", () => {
  it("hands datagrams back oldest first, with their site and sender, across the ring's end", () => {
    const queue = new DatagramQueue({ maxDatagrams: 3 });
    for (let round = 0; round < 4; round++) {
      expect(queue.push(Buffer.from(`a${round}`), "S1", "10.0.0.1")).toBe(true);
      expect(queue.push(Buffer.from(`b${round}`), "S2", "10.0.0.2")).toBe(true);
      expect(take(queue)).toEqual([`a${round}`, "S1", "10.0.0.1"]);
      expect(take(queue)).toEqual([`b${round}`, "S2", "10.0.0.2"]);
    }
    expect(queue.length).toBe(0);
    expect(take(queue)).toBeNull();
  });

  it("refuses past its datagram count or its byte budget, and takes more once emptied", () => {
    const byCount = new DatagramQueue({ maxDatagrams: 2 });
    expect([1, 2, 3].map(() => byCount.push(Buffer.alloc(1), "S", "ip"))).toEqual([true, true, false]);
    expect(byCount.length).toBe(2);
    const byBytes = new DatagramQueue({ maxBytes: 10 });
    expect(byBytes.push(Buffer.alloc(6), "S", "ip")).toBe(true);
    expect(byBytes.push(Buffer.alloc(5), "S", "ip")).toBe(false);
    expect(byBytes.push(Buffer.alloc(4), "S", "ip")).toBe(true);
    take(byBytes);
    expect(byBytes.push(Buffer.alloc(6), "S", "ip")).toBe(true);
  });
});
