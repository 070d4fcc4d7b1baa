import { execFileSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IngestContext, IngestSink } from "../../sink.ts";
import { startSyslogReceivers } from "../index.ts";
import { startTcpReceiver } from "./tcp.ts";
import { startTlsReceiver } from "./tls.ts";
import type { Receiver } from "./types.ts";
import { RECEIVE_BUFFER_BYTES, startUdpReceiver } from "./udp.ts";

type Record = { [key: string]: unknown; metadata: { [key: string]: unknown } };

/** An in-memory sink; `hold()` makes submits wait until `release()`, like a slow database. */
class MemorySink implements IngestSink {
  records: Record[] = [];
  calls: IngestContext[] = [];
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  hold() {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release() {
    this.open?.();
    this.gate = null;
  }
  async submit(records: unknown[], ctx: IngestContext) {
    if (this.gate) await this.gate;
    this.calls.push(ctx);
    this.records.push(...(records as Record[]));
    return { ids: records.map((_, i) => String(i)), events: [], errors: [] };
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const site = () => "AUDIO_001";
const running: Receiver[] = [];
const start = async (receiver: Promise<Receiver>) => {
  const r = await receiver;
  running.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function openTcp(port: number): Promise<Socket> {
  const socket = connect({ port, host: "127.0.0.1", noDelay: true });
  // The server resets refused and idle connections; that is the expected outcome, not a test failure.
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  return socket;
}

async function writeSlowly(socket: { write(b: Buffer): boolean }, data: string, size: number): Promise<void> {
  const bytes = Buffer.from(data);
  for (let pos = 0; pos < bytes.length; pos += size) {
    socket.write(bytes.subarray(pos, pos + size));
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("UDP receiver", () => {
  it("takes one message per datagram and batches them per site", async () => {
    const sink = new MemorySink();
    const receiver = await start(startUdpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site }));
    const client = createSocket("udp4");
    const lines = [
      "<38>Jun  1 10:00:00 bastion sshd[1]: Failed password for root from 203.0.113.9 port 40000 ssh2",
      "<38>Jun  1 10:00:01 bastion sshd[1]: Accepted publickey for alice from 203.0.113.10 port 40001 ssh2\n",
      "<13>1 2024-06-01T10:00:02Z app01 billing - - - free text",
    ];
    for (const line of lines) client.send(line, receiver.port, "127.0.0.1");
    await waitFor(() => sink.records.length === 3);
    client.close();
    expect(sink.records.map((r) => r.event_type).sort()).toEqual([
      "login_failure",
      "login_success",
      "syslog",
    ]);
    expect(sink.calls[0]).toEqual({
      receiver: "syslog-udp",
      clientIp: "127.0.0.1",
      forcedSiteId: "AUDIO_001",
      deviceLines: true,
    });
    expect(sink.calls.length).toBeLessThan(3);
    expect(receiver.stats).toMatchObject({ received: 3, stored: 3 });
  });

  it("refuses senders without a site; while the sink is behind, datagrams wait in a bounded queue", async () => {
    const refused = await start(
      startUdpReceiver({ port: 0, host: "127.0.0.1", sink: new MemorySink(), resolveSite: () => null }),
    );
    const sink = new MemorySink();
    sink.hold();
    const slow = await start(
      startUdpReceiver({
        port: 0,
        host: "127.0.0.1",
        sink,
        resolveSite: site,
        batch: { highWater: 3, maxRecords: 1 },
        queue: { maxDatagrams: 5 },
      }),
    );
    const client = createSocket("udp4");
    client.send("<13>hello", refused.port, "127.0.0.1");
    for (let i = 0; i < 20; i++) client.send(`<13>message ${i}`, slow.port, "127.0.0.1");
    // 3 parsed before the sink stalls, 5 wait in the queue (fewer if they all came before the first parse).
    await waitFor(() => refused.stats.rejectedSenders === 1 && slow.stats.dropped >= 12);
    await new Promise((r) => setTimeout(r, 50));
    expect(slow.stats.received).toBe(3);
    expect(slow.stats.dropped).toBeLessThanOrEqual(15);
    expect(refused.stats.received + refused.stats.dropped).toBe(0);
    sink.release();
    await waitFor(() => sink.records.length + slow.stats.dropped === 20);
    client.close();
    // What waited is kept, in order; what came once the queue was full is what was dropped.
    const kept = Array.from({ length: 20 - slow.stats.dropped }, (_, i) => `<13>message ${i}`);
    expect(sink.records.map((r) => r.raw_log)).toEqual(kept);
    expect(slow.stats.received).toBe(kept.length);
  });

  it("asks the kernel for a large receive buffer, which Linux caps at net.core.rmem_max", async () => {
    const receiver = await start(
      startUdpReceiver({ port: 0, host: "127.0.0.1", sink: new MemorySink(), resolveSite: site }),
    );
    const plain = createSocket("udp4");
    await new Promise<void>((resolve) => plain.bind(0, "127.0.0.1", resolve));
    const systemDefault = plain.getRecvBufferSize();
    plain.close();
    const rmemMax = readProcNumber("/proc/sys/net/core/rmem_max");
    // Linux grants min(asked, rmem_max) and reports twice that; elsewhere, only "more than the default".
    if (rmemMax === null) expect(receiver.stats.receiveBufferBytes).toBeGreaterThan(systemDefault);
    else expect(receiver.stats.receiveBufferBytes).toBe(2 * Math.min(RECEIVE_BUFFER_BYTES, rmemMax));
  });

  it("counts what the kernel dropped while the event loop was blocked: every datagram is stored or counted", async () => {
    if (readProcNumber("/proc/sys/net/core/rmem_max") === null) return; // /proc/net/udp is Linux's
    const sink = new MemorySink();
    const receiver = await start(startUdpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site }));
    // Twice the buffer's worth of 4 KiB datagrams overflows it whatever rmem_max is: each costs the
    // kernel more than its payload. The sender is a child process; this one is blocked until it exits.
    const total = Math.ceil((2 * receiver.stats.receiveBufferBytes!) / 4096);
    execFileSync(process.execPath, ["-e", FLOOD_SCRIPT, String(receiver.port), String(total)]);
    await waitFor(() => {
      const { dropped, kernelDropped } = receiver.stats;
      return sink.records.length + dropped + (kernelDropped ?? 0) === total;
    }, 15_000);
    expect(receiver.stats.kernelDropped).toBeGreaterThan(0);
    expect(receiver.stats.received).toBe(sink.records.length);
  });
});

const readProcNumber = (path: string): number | null => {
  try {
    return Number(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
};

// Sends argv[2] datagrams of 4 KiB to 127.0.0.1:argv[1], then exits once all are sent.
const FLOOD_SCRIPT = `
const socket = require("node:dgram").createSocket("udp4");
const [port, total] = process.argv.slice(1).map(Number);
const line = "<13>Jun  1 10:00:00 h app: " + "x".repeat(4096 - 27);
let done = 0;
for (let i = 0; i < total; i++) socket.send(line, port, "127.0.0.1", () => { if (++done === total) socket.close(); });
`;

describe("TCP receiver", () => {
  it("reads both framings in one connection, with writes split anywhere", async () => {
    const sink = new MemorySink();
    const receiver = await start(startTcpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site }));
    const socket = await openTcp(receiver.port);
    const counted = "<86>Jun  1 10:00:00 h sudo:    bob : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id";
    const stream = `${Buffer.byteLength(counted)} ${counted}<13>Jun  1 10:00:01 h app: line framed\n<13>Jun  1 10:00:02 h app: two\r\n`;
    await writeSlowly(socket, stream, 7);
    await waitFor(() => sink.records.length === 3);
    socket.end();
    expect(sink.records.map((r) => r.message)).toEqual([
      "   bob : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id",
      "line framed",
      "two",
    ]);
    expect(sink.records[0]).toMatchObject({ event_type: "privilege_use", username: "bob" });
    expect(sink.calls[0]).toMatchObject({ receiver: "syslog-tcp", forcedSiteId: "AUDIO_001" });
  });

  it("cuts an oversized frame, flags it truncated and keeps the connection usable", async () => {
    const sink = new MemorySink();
    const receiver = await start(
      startTcpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site, maxMessageBytes: 100 }),
    );
    const socket = await openTcp(receiver.port);
    socket.write(`<13>Jun  1 10:00:00 h app: ${"A".repeat(5000)}\n<13>Jun  1 10:00:01 h app: after\n`);
    await waitFor(() => sink.records.length === 2);
    socket.end();
    expect(sink.records[0]!.metadata.truncated).toBe(true);
    expect((sink.records[0]!.raw_log as string).length).toBe(100);
    expect(sink.records[1]).toMatchObject({ message: "after" });
    expect(sink.records[1]!.metadata.truncated).toBeUndefined();
    expect(receiver.stats.truncated).toBe(1);
  });

  it("closes idle connections and refuses senders without a site", async () => {
    const sink = new MemorySink();
    const idle = await start(
      startTcpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site, idleTimeoutMs: 100 }),
    );
    const socket = await openTcp(idle.port);
    await new Promise((resolve) => socket.once("close", resolve));
    expect(idle.stats.idleTimeouts).toBe(1);
    const refused = await start(
      startTcpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: () => null }),
    );
    const other = await openTcp(refused.port);
    await new Promise((resolve) => other.once("close", resolve));
    expect(refused.stats.rejectedSenders).toBe(1);
  });

  it("pauses reading while the sink is slow instead of buffering without bound", async () => {
    const sink = new MemorySink();
    sink.hold();
    const receiver = await start(
      startTcpReceiver({ port: 0, host: "127.0.0.1", sink, resolveSite: site, batch: { highWater: 100 } }),
    );
    const socket = await openTcp(receiver.port);
    const total = 20_000;
    const lines = Array.from(
      { length: total },
      (_, i) => `<13>Jun  1 10:00:00 h app: message number ${i}\n`,
    ).join("");
    socket.write(lines);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.stats.received).toBeLessThan(total / 2);
    sink.release();
    await waitFor(() => sink.records.length === total, 15_000);
    socket.end();
    expect(sink.records.at(-1)).toMatchObject({ message: `message number ${total - 1}` });
  });
});

describe("TLS receiver", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vigie-tls-"));
    const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"];
    execFileSync("openssl", [...args, "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], {
      stdio: "ignore",
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("receives framed messages over TLS with a self-signed certificate", async () => {
    const sink = new MemorySink();
    const certPath = join(dir, "cert.pem");
    const receiver = await start(
      startTlsReceiver({
        port: 0,
        host: "127.0.0.1",
        sink,
        resolveSite: site,
        certPath,
        keyPath: join(dir, "key.pem"),
      }),
    );
    const socket = tlsConnect({
      port: receiver.port,
      host: "127.0.0.1",
      ca: readFileSync(certPath),
      servername: "localhost",
    });
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("secureConnect", resolve));
    const message =
      "<34>1 2024-06-01T10:00:00Z fw01 - - - - CEF:0|Fortinet|FortiGate|7.2|13|deny|5|src=10.0.0.1 dst=10.0.0.2 dpt=445 act=deny";
    await writeSlowly(socket, `${Buffer.byteLength(message)} ${message}<13>plain line\n`, 11);
    await waitFor(() => sink.records.length === 2);
    socket.end();
    expect(sink.records[0]).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      dest_port: 445,
      hostname: "fw01",
    });
    expect(sink.calls[0]).toMatchObject({ receiver: "syslog-tls", clientIp: "127.0.0.1" });
  });
});

describe("startSyslogReceivers", () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  it("starts what the settings name and sends unmapped senders to the default site", async () => {
    const sink = new MemorySink();
    const receivers = await startSyslogReceivers(
      { tcpPort: await freePort(), host: "127.0.0.1", defaultSiteId: "AUDIO_030" },
      { sink, siteForSender: () => null },
    );
    try {
      expect(receivers.udp).toBeNull();
      const socket = await openTcp(receivers.tcp!.port);
      socket.end("<13>Jun  1 10:00:00 h app: hi\n");
      await waitFor(() => sink.records.length === 1);
      expect(sink.calls[0]!.forcedSiteId).toBe("AUDIO_030");
      expect(receivers.stats().tcp).toMatchObject({ received: 1 });
      expect(receivers.stats().parse.messages).toBeGreaterThan(0);
    } finally {
      await receivers.close();
    }
  });

  it("refuses a TLS port without certificate and key", async () => {
    await expect(startSyslogReceivers({ tlsPort: 6514 }, { sink: new MemorySink() })).rejects.toThrow(
      /TLS_CERT/,
    );
  });
});
