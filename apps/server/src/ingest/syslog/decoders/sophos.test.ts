import { describe, expect, it } from "vitest";
import { event, fixtureEvents, fixtureLines, prefixes } from "./test-support.ts";

const fixture = fixtureEvents("sophos.log");

describe("Sophos Firewall (XG / SFOS)", () => {
  it("reads firewall rule denies and allows, in the 18.x and 19+ key sets", () => {
    expect(fixture(0)).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      action: "deny",
      source_ip: "203.0.113.61",
      dest_ip: "192.0.2.20",
      source_port: 47122,
      dest_port: 3389,
      protocol: "tcp",
      rule_name: "Drop WAN to LAN",
      hostname: "XG135-AUDIO-012",
      timestamp: "2024-06-01T08:00:05.000Z",
    });
    expect(fixture(0).metadata).toMatchObject({
      decoder: "sophos",
      log_id: "010102600002",
      source_zone: "WAN",
    });
    expect(fixture(1)).toMatchObject({
      event_type: "firewall_allow",
      source_ip: "10.12.1.31",
      bytes_sent: 2048,
      bytes_received: 18433,
      hostname: "xg-audio-012",
      timestamp: "2024-06-01T08:00:06.000Z",
    });
  });

  it("reads web filter denies and allowed requests", () => {
    expect(fixture(2)).toMatchObject({
      source_type: "proxy",
      event_type: "web_blocked",
      url: "https://casino.example.net/play",
      category: "Gambling",
      username: "alice",
      source_ip: "10.12.1.44",
      status_code: null,
    });
    expect(fixture(3)).toMatchObject({
      event_type: "http_request",
      status_code: 200,
      content_type: "text/html",
      user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      bytes_transferred: 20480,
      timestamp: "2024-06-01T10:01:30.000Z",
    });
  });

  it("reads IPS, antivirus and VPN login events; leaves other events generic", () => {
    expect(fixture(4)).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      signature_id: "2033013",
      signature_name: "SERVER-WEBAPP Apache Struts remote code execution attempt",
      classification: "Attempted Administrator Privilege Gain",
      priority: 1,
      action: "Drop",
    });
    expect(fixture(5)).toMatchObject({
      event_type: "malware_detected",
      signature_name: "EICAR-AV-Test",
      username: "bob",
      url: "http://downloads.example.com/eicar.com",
    });
    expect(fixture(6)).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      username: "carol",
      source_ip: "198.51.100.201",
      service: "SSL VPN Authentication",
      failure_reason: "Wrong credentials",
      message: expect.stringContaining("failed to login to SSLVPN"),
    });
    expect(fixture(7)).toMatchObject({ source_type: "generic", event_type: "syslog" });
  });
});

describe("Sophos UTM", () => {
  it("reads packet filter drops and accepts with the UTM header's host and time", () => {
    expect(fixture(8)).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      protocol: "udp",
      source_ip: "203.0.113.17",
      dest_port: 5060,
      rule_name: "60001",
      hostname: "utm-audio-014",
      message: "Packet dropped",
      timestamp: new Date(2024, 5, 1, 10, 6, 0).toISOString(),
    });
    expect(fixture(9)).toMatchObject({
      event_type: "firewall_allow",
      protocol: "tcp",
      hostname: "utm-audio-014",
    });
  });

  it("reads web proxy requests and blocks; debug lines stay generic", () => {
    expect(fixture(10)).toMatchObject({
      source_type: "proxy",
      event_type: "http_request",
      method: "GET",
      url: "http://search.example.org/",
      status_code: 200,
      username: "dave",
      category: "Search Engines",
    });
    expect(fixture(11)).toMatchObject({ event_type: "web_blocked", status_code: 403, category: "Gambling" });
    expect(fixture(11).metadata).toMatchObject({ reason: "category" });
    expect(fixture(12).source_type).toBe("generic");
  });
});

describe("Sophos decoder boundaries", () => {
  it("leaves FortiGate key=value lines to the FortiGate decoder", () => {
    const forti = event(
      'date=2024-05-31 time=10:19:23 devname="FGT" devid="FG100F" logid="0000000013" type="traffic" subtype="forward" srcip=10.1.1.20 dstip=93.184.216.34 action="deny"',
    );
    expect(forti.metadata?.decoder).toBe("fortigate");
    expect(event('Jun  1 10:00:00 h app: log_type="x" without component').source_type).toBe("generic");
  });

  it("survives truncated and odd lines without throwing", () => {
    for (const text of fixtureLines("sophos.log")) {
      for (const cut of prefixes(text, 11)) expect(() => event(cut)).not.toThrow();
    }
    expect(
      event('log_type="Firewall" log_component="Firewall Rule" src_ip=999.1.1.1 src_port=99999'),
    ).toMatchObject({
      event_type: "firewall_log",
      source_ip: null,
      source_port: null,
    });
  });
});
