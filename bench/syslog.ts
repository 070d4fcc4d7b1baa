/**
 * `npm run bench:syslog [-- --seconds 15 --connections 4 --udp-rate 10000 --udp-seconds 10]`: a Vigie server
 * process on a fresh PostgreSQL database with TCP and UDP syslog ports. Phase 1 sends realistic lines over
 * TCP from several connections as fast as the server reads them (TCP is back-pressured, so the send rate
 * is the receive rate) and counts stored rows until every line is in; phase 2 sends UDP at a fixed rate
 * and reports the share of datagrams never stored.
 */
import { createSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import { parseArgs } from "node:util";
import pg from "pg";
import { BENCH_PG_URL, benchDatabase, startBenchServer } from "./support/server.ts";
import { syslogLines } from "./support/syslog-lines.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "4" },
    "udp-rate": { type: "string", default: "10000" },
    "udp-seconds": { type: "string", default: "10" },
    pg: {
      type: "string",
      default: BENCH_PG_URL,
    },
  },
});
const HTTP_PORT = 18091;
const SYSLOG_PORT = 15514;
const LINES = syslogLines(20_000);
const CHUNK = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a TCP connection once the receiver listens (it starts just after the HTTP server). */
async function openTcp(): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    const socket = connect(SYSLOG_PORT, "127.0.0.1");
    const ok = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true)).once("error", () => resolve(false));
    });
    if (ok) return socket;
    if (attempt > 100) throw new Error("syslog TCP port never opened");
    await sleep(200);
  }
}

/** Writes newline-framed chunks on one connection until `until`, waiting whenever the server stops reading. */
async function floodConnection(socket: Socket, offset: number, until: number): Promise<number> {
  let sent = 0;
  for (let i = offset; Date.now() < until; i += CHUNK) {
    const start = i % LINES.length;
    const chunk = LINES.slice(start, start + CHUNK);
    sent += chunk.length;
    if (!socket.write(`${chunk.join("\n")}\n`)) await new Promise((r) => socket.once("drain", r));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
  return sent;
}

/** Polls the row count until it reaches `expected` or stops moving for `quietMs`; returns count and when. */
async function waitForRows(db: pg.Client, expected: number, quietMs: number) {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM events");
    const count = Number(rows[0]!.n);
    if (count !== last) [last, lastChange] = [count, Date.now()];
    if (count >= expected || Date.now() - lastChange > quietMs) return { count, at: lastChange };
    await sleep(250);
  }
}

async function tcpPhase(db: pg.Client) {
  const seconds = Number(values.seconds);
  const sockets = await Promise.all(Array.from({ length: Number(values.connections) }, openTcp));
  const started = Date.now();
  const until = started + seconds * 1000;
  const counts = await Promise.all(sockets.map((s, i) => floodConnection(s, i * 5_000, until)));
  const sendSeconds = (Date.now() - started) / 1000;
  const sent = counts.reduce((a, b) => a + b, 0);
  const stored = await waitForRows(db, sent, 10_000);
  const decoded = await db.query<{ decoder: string | null; n: string }>(
    "SELECT metadata->>'decoder' AS decoder, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC",
  );
  return {
    connections: sockets.length,
    sent,
    received_per_s: Math.round(sent / sendSeconds),
    stored: stored.count,
    stored_per_s: Math.round(stored.count / ((stored.at - started) / 1000)),
    decoded: Object.fromEntries(decoded.rows.map((r) => [r.decoder ?? "generic", Number(r.n)])),
  };
}

/** Where the server says datagrams were lost: its own full queue, or the kernel's full receive buffer. */
async function udpDropCounters(): Promise<Record<string, number>> {
  const text = await server.scrape();
  const counters: Record<string, number> = {};
  for (const [, stat, value] of text.matchAll(
    /^vigie_syslog\{stat="(udp[^"]*(?:ropped|BufferBytes))"\} (\d+)/gm,
  ))
    counters[stat!] = Number(value);
  return counters;
}

/** Sends `rate` datagrams per second in 10 ms ticks, so the rate holds even when a tick runs late. */
async function udpPhase(db: pg.Client, before: number) {
  const rate = Number(values["udp-rate"]);
  const total = rate * Number(values["udp-seconds"]);
  const socket = createSocket("udp4");
  const started = Date.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
    for (; sent < due; sent++) socket.send(LINES[sent % LINES.length]!, SYSLOG_PORT, "127.0.0.1");
    await sleep(10);
  }
  const sendSeconds = (Date.now() - started) / 1000;
  await sleep(200);
  socket.close();
  const stored = (await waitForRows(db, before + total, 5_000)).count - before;
  return {
    target_per_s: rate,
    sent,
    sent_per_s: Math.round(sent / sendSeconds),
    stored,
    loss_pct: Number((((sent - stored) / sent) * 100).toFixed(2)),
    ...(await udpDropCounters()),
  };
}

const database = await benchDatabase(values.pg!, "syslog");
const server = await startBenchServer(HTTP_PORT, {
  DATABASE_URL: database.url,
  VIGIE_SYSLOG_TCP_PORT: String(SYSLOG_PORT),
  VIGIE_SYSLOG_UDP_PORT: String(SYSLOG_PORT),
  // The sender (127.0.0.1) is in no site network: everything goes to the default site.
  VIGIE_SYSLOG_DEFAULT_SITE: "AUDIO_001",
});
const db = new pg.Client({ connectionString: database.url });
const serverAlive = () => server.process.exitCode === null && server.process.signalCode === null;
try {
  if (!serverAlive()) throw new Error("the Vigie server exited at start (its stderr is above)");
  await db.connect();
  console.log(
    `TCP: ${values.connections} connections for ${values.seconds} s, ${LINES.length} distinct lines`,
  );
  const tcp = await tcpPhase(db);
  console.table([{ ...tcp, decoded: undefined }]);
  console.log("stored by decoder:", tcp.decoded);
  console.log(`UDP: ${values["udp-rate"]} datagrams/s for ${values["udp-seconds"]} s`);
  console.table([await udpPhase(db, tcp.stored)]);
  console.log(`server peak RSS: ${server.peakRssMiB()} MiB`);
} finally {
  await db.end().catch(() => undefined);
  if (serverAlive()) await server.stop();
  await database.drop();
}
