import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RecentMessages } from "./recent-messages.ts";
import { SseChannel } from "./sse-channel.ts";
import type { StreamMessage } from "./stream-items.ts";

const message = (n: number, size = 10): StreamMessage => ({
  id: `m${n}`,
  site_id: `S${n % 2}`,
  severity: "low",
  frame: `id: m${n}\nevent: log\ndata: "${"x".repeat(size)}"\n\n`,
});

describe("RecentMessages", () => {
  it("returns what followed an id, and null once that id is forgotten", () => {
    const recent = new RecentMessages(3);
    for (let n = 1; n <= 4; n++) recent.push(message(n));
    expect(recent.after("m2")?.map((m) => m.id)).toEqual(["m3", "m4"]);
    expect(recent.after("m4")).toEqual([]);
    expect(recent.after("m1")).toBeNull();
    expect(recent.after("unknown")).toBeNull();
  });
});

describe("SseChannel", () => {
  let server: Server;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A server whose every request becomes a client of the channel; returns a raw TCP client factory. */
  async function serve(channel: SseChannel, filter = {}) {
    server = createServer((_req, res) => channel.open(res, filter, "user-1", null));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return async () => {
      const socket = connect(port, "127.0.0.1");
      sockets.push(socket);
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString();
      });
      socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      while (channel.size < sockets.length) await new Promise((resolve) => setTimeout(resolve, 5));
      return { socket, received: () => received };
    };
  }

  it("drops a client that stops reading once its backlog passes the limit, and keeps serving the others", async () => {
    const channel = new SseChannel({ historySize: 10, maxBufferedBytes: 64 * 1024 });
    const client = await serve(channel);
    const stalled = await client();
    stalled.socket.pause();
    const reader = await client();
    let n = 0;
    while (channel.dropped === 0 && n < 3_000) {
      channel.publish([message(n++, 10_000)]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(channel.dropped).toBe(1);
    expect(channel.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.received()).toContain(`id: m${n - 1}\n`);
  });

  it("writes each client only the messages passing its filter", async () => {
    const channel = new SseChannel({ historySize: 10, maxBufferedBytes: 1024 * 1024 });
    const client = await serve(channel, { site_id: "S1" });
    const one = await client();
    channel.publish([message(1), message(2), message(3)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(one.received()).toContain("id: m1\n");
    expect(one.received()).toContain("id: m3\n");
    expect(one.received()).not.toContain("id: m2\n");
  });
});
