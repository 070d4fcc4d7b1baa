import { createSocket } from "node:dgram";
import { connect, createServer } from "node:net";
import type { LogEvent } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type SyslogIngest, startSyslog, syslogMetrics } from "../src/ingest/syslog/start.ts";
import { parseQuery } from "../src/modules/logs/query/parse.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

/** A port free right now on loopback (for both TCP and UDP, checked by binding both). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const udp = createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, "127.0.0.1", resolve);
  });
  await new Promise<void>((resolve) => udp.close(resolve));
  return port;
}

async function sendUdp(port: number, line: string): Promise<void> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) =>
    socket.send(line, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
  );
  socket.close();
}

async function sendTcp(port: number, payload: string): Promise<void> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.end(payload, resolve);
  });
}

const octetFramed = (line: string) => `${Buffer.byteLength(line)} ${line}`;
const now = () => new Date().toISOString();

describe("syslog ingest through the server context", () => {
  let t: TestApp;
  let syslog: SyslogIngest;
  let ports: { udp: number; tcp: number };

  const storedEvent = async (text: string): Promise<LogEvent> => {
    let found: LogEvent | undefined;
    await vi.waitFor(
      async () => {
        const page = await t.ctx.events.list({ equals: {}, query: parseQuery(text) }, 0, 10);
        found = page.items[0];
        expect(found).toBeDefined();
      },
      { timeout: 8000, interval: 50 },
    );
    return found!;
  };

  beforeAll(async () => {
    ports = { udp: await freePort(), tcp: await freePort() };
    t = await startTestApp({
      VIGIE_SYSLOG_UDP_PORT: String(ports.udp),
      VIGIE_SYSLOG_TCP_PORT: String(ports.tcp),
    });
    syslog = (await startSyslog(t.ctx))!;
  });
  afterAll(async () => {
    await syslog?.close();
    await t?.close();
  });

  it("listens on the configured ports and refuses senders no site claims when there is no default site", async () => {
    expect(syslog.receivers.udp?.port).toBe(ports.udp);
    expect(syslog.receivers.tcp?.port).toBe(ports.tcp);
    await sendUdp(ports.udp, "<13>Jan 12 10:00:00 host app: refused-before-networks");
    await vi.waitFor(() => expect(syslogMetrics()?.udp?.rejectedSenders).toBe(1));
    expect(syslogMetrics()?.senders.unmatched).toBeGreaterThanOrEqual(1);
    expect(
      await t.ctx.events.list({ equals: {}, query: parseQuery("refused-before-networks") }, 0, 1),
    ).toMatchObject({
      total: 0,
    });
  });

  it("routes senders by the most specific site network set through the sites API", async () => {
    const admin = await t.as("admin");
    for (const [site, networks] of [
      ["AUDIO_007", ["127.0.0.0/8"]],
      ["AUDIO_012", ["127.0.0.1/32"]],
    ] as const) {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/sites/${site}`,
        headers: admin,
        payload: { networks },
      });
      expect(res.statusCode).toBe(200);
    }
    // sites.changed from the API reloads the networks of the running receivers.
    await vi.waitFor(() => expect(syslog.networks.siteFor("127.0.0.1")).toBe("AUDIO_012"));
    // The sites API refuses bad networks; one written straight into the table is ignored, not fatal.
    await t.ctx.db.pool.query("UPDATE sites SET networks = '{not-a-network}' WHERE id = 'AUDIO_020'");
    await syslog.networks.reload();
    expect(syslog.networks.siteFor("127.0.0.2")).toBe("AUDIO_007");
    expect(syslog.networks.stats()).toMatchObject({ networks: 2, invalidNetworks: 1 });
  });

  it("stores a UDP sshd failure as login_failure with the sender's site, IP and user", async () => {
    await sendUdp(
      ports.udp,
      "<38>Jan 12 10:00:01 bastion sshd[4121]: Failed password for invalid user udpcheck from 203.0.113.7 port 52211 ssh2",
    );
    const event = await storedEvent("udpcheck");
    expect(event).toMatchObject({
      site_id: "AUDIO_012",
      source_type: "auth",
      event_type: "login_failure",
      source_ip: "203.0.113.7",
      username: "udpcheck",
      hostname: "bastion",
    });
    expect(event.metadata).toMatchObject({ decoder: "sshd", syslog_format: "rfc3164" });
  });

  it("stores TCP lines in both framings: RFC 5424 filterlog, netfilter and CEF, decoded", async () => {
    const filterlog = `<134>1 ${now()} pf01 filterlog 7 - [meta sequenceId="4"] 5,,,1000000103,igb0,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,198.51.100.44,10.7.0.5,41234,3389,0,S,123,,64240,,mss`;
    const netfilter =
      "<4>Jan 12 10:00:02 gw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.23 DST=10.7.0.9 LEN=60 PROTO=TCP SPT=51515 DPT=2222 tcpframingcheck";
    const cef =
      "<10>Jan 12 10:00:03 fw CEF:0|Fortinet|FortiGate|7.0|13|traffic denied|5|src=192.0.2.66 dst=10.7.0.8 spt=4444 dpt=445 proto=TCP act=deny msg=cefcheck";
    await sendTcp(ports.tcp, `${octetFramed(filterlog)}${octetFramed(netfilter)}${cef}\n`);
    const pf = await storedEvent("198.51.100.44");
    expect(pf).toMatchObject({
      site_id: "AUDIO_012",
      source_type: "firewall",
      event_type: "firewall_deny",
      dest_ip: "10.7.0.5",
      dest_port: 3389,
    });
    expect(pf.metadata).toMatchObject({
      decoder: "pfsense",
      syslog_format: "rfc5424",
      structured_data: { meta: { sequenceId: "4" } },
    });
    const nf = await storedEvent("tcpframingcheck");
    expect(nf).toMatchObject({ event_type: "firewall_deny", source_ip: "198.51.100.23", dest_port: 2222 });
    const vendor = await storedEvent("cefcheck");
    expect(vendor).toMatchObject({
      site_id: "AUDIO_012",
      source_type: "firewall",
      source_ip: "192.0.2.66",
      dest_port: 445,
    });
  });

  it("keeps a line that parses as nothing, as generic, and reports it in the metrics", async () => {
    await sendTcp(ports.tcp, "just some words nobody-parses-this\n");
    const event = await storedEvent("nobody-parses-this");
    expect(event).toMatchObject({ source_type: "generic", site_id: "AUDIO_012" });
    const metrics = syslogMetrics()!;
    expect(metrics.tcp).toMatchObject({ received: 4, stored: 4, connections: 2 });
    expect(metrics.udp).toMatchObject({ received: 1, stored: 1 });
    expect(metrics.parse.unparsed).toBeGreaterThanOrEqual(1);
    expect(metrics.senders.matched).toBeGreaterThanOrEqual(3);
    expect(metrics.tls).toBeNull();
    const scrape = await t.scrape();
    expect(scrape).toMatch(/^vigie_syslog\{stat="tcp\.received"\} 4$/m);
    expect(scrape).toMatch(/^vigie_syslog\{stat="udp\.stored"\} 1$/m);
  });

  it("starts nothing on a node without the ingest role, or without a syslog port", async () => {
    const { config } = t.ctx;
    expect(await startSyslog({ ...t.ctx, config: { ...config, VIGIE_ROLES: ["api", "detect"] } })).toBeNull();
    const noPorts = { ...config, VIGIE_SYSLOG_UDP_PORT: undefined, VIGIE_SYSLOG_TCP_PORT: undefined };
    expect(await startSyslog({ ...t.ctx, config: noPorts })).toBeNull();
  });
});
