import { describe, expect, it } from "vitest";
import { event } from "./test-support.ts";

// Lines written by the project after Cisco's message catalogue (ASA 9.x syslog messages).
const asa = (text: string) => event(`Jun  1 10:00:00 fw1 : ${text}`);

describe("Cisco ASA attacks, threat detection and health", () => {
  it.each([
    [
      "%ASA-2-106016: Deny IP spoof from (10.9.9.9) to 192.0.2.10 on interface outside",
      "IP spoofing",
      "10.9.9.9",
    ],
    [
      "%ASA-2-106017: Deny IP due to Land Attack from 198.51.100.4 to 198.51.100.4",
      "Land attack",
      "198.51.100.4",
    ],
    [
      "%ASA-2-106020: Deny IP teardrop fragment (size = 1480, offset = 0) from 198.51.100.5 to 192.0.2.1",
      "Teardrop",
      "198.51.100.5",
    ],
    [
      "%ASA-1-106021: Deny TCP reverse path check from 198.51.100.6 to 192.0.2.1 on interface outside",
      "Reverse path check failed (spoofed source)",
      "198.51.100.6",
    ],
    [
      "%ASA-1-106022: Deny TCP connection spoof from 198.51.100.7 to 192.0.2.1 on interface outside",
      "Connection spoofing",
      "198.51.100.7",
    ],
  ])("%s is an attack the firewall dropped", (line, signature, ip) => {
    expect(asa(line)).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      signature_name: signature,
      source_ip: ip,
      action: "deny",
    });
  });

  it("reads threat detection, shunned senders, ARP collisions and connection limits", () => {
    expect(
      asa(
        "%ASA-4-733101: Host 203.0.113.66 is attacking. Current burst rate is 12 per second, max configured rate is 10",
      ),
    ).toMatchObject({
      event_type: "ids_alert",
      source_ip: "203.0.113.66",
      signature_name: "Host is attacking",
    });
    expect(
      asa("%ASA-4-401004: Shunned packet: 203.0.113.66 ==> 192.0.2.8 on interface outside"),
    ).toMatchObject({
      event_type: "shunned_packet",
      source_ip: "203.0.113.66",
      dest_ip: "192.0.2.8",
    });
    expect(
      asa(
        "%ASA-4-405001: Received ARP response collision from 10.20.0.1/0011.2233.4455 on interface inside with existing ARP entry 10.20.0.1/0011.2233.9999",
      ),
    ).toMatchObject({ event_type: "address_collision", source_ip: "10.20.0.1" });
    expect(
      asa(
        "%ASA-4-710004: TCP connection limit exceeded from 198.51.100.9/4411 to inside:10.20.0.5/443 (current connections/connection limit = 101/100)",
      ),
    ).toMatchObject({ event_type: "connection_limit_exceeded", source_ip: "198.51.100.9", dest_port: 443 });
  });

  it("types failover, exhausted resources and configuration erasure", () => {
    expect(
      asa("%ASA-1-105005: (Primary) Lost Failover communications with mate on interface inside"),
    ).toMatchObject({ source_type: "firewall", event_type: "failover_event" });
    expect(asa("%ASA-3-201008: Disallowing new connections")).toMatchObject({
      event_type: "service_degraded",
    });
    expect(asa("%ASA-5-111003: 10.20.0.2 Erase configuration")).toMatchObject({
      event_type: "config_change",
      change: "configuration erased",
      source_ip: "10.20.0.2",
    });
  });

  it("keeps an unknown message id generic", () => {
    expect(asa("%ASA-6-999999: Something new")).toMatchObject({
      source_type: "generic",
      event_type: "syslog",
    });
  });
});

describe("Cisco ASA remote-access VPN sessions", () => {
  it.each([
    [
      "%ASA-6-113039: Group <GP_Clinics> User <mlefevre> IP <198.51.100.23> AnyConnect parent session started.",
      "anyconnect",
    ],
    ["%ASA-6-716001: Group GP_Clinics User mlefevre IP 198.51.100.23 WebVPN session started.", "webvpn"],
  ])("%s is a VPN logon", (line, tunnel) => {
    expect(asa(line)).toMatchObject({
      source_type: "auth",
      event_type: "login_success",
      service: "vpn",
      username: "mlefevre",
      source_ip: "198.51.100.23",
      tunnel_type: tunnel,
      metadata: { group_policy: "GP_Clinics" },
    });
  });

  it("keeps the address given to the session, without counting a second logon", () => {
    expect(
      asa(
        "%ASA-6-722051: Group <GP_Clinics> User <mlefevre> IP <198.51.100.23> IPv4 Address <10.250.0.12> IPv6 address <::> assigned to session",
      ),
    ).toMatchObject({
      event_type: "vpn_address_assigned",
      username: "mlefevre",
      source_ip: "198.51.100.23",
      metadata: { assigned_ip: "10.250.0.12" },
    });
  });

  it("reads the end of a session with its duration and bytes", () => {
    expect(
      asa(
        "%ASA-4-113019: Group = GP_Clinics, Username = mlefevre, IP = 198.51.100.23, Session disconnected. Session Type: SSL, Duration: 1h:02m:10s, Bytes xmt: 52000, Bytes rcv: 31000, Reason: User Requested",
      ),
    ).toMatchObject({
      event_type: "logout",
      service: "vpn",
      username: "mlefevre",
      source_ip: "198.51.100.23",
      tunnel_type: "ssl",
      metadata: { duration: "1h:02m:10s", bytes_sent: 52000, reason: "User Requested" },
    });
    expect(
      asa(
        "%ASA-6-716002: Group <GP_Clinics> User <mlefevre> IP <198.51.100.23> WebVPN session terminated: User Requested.",
      ),
    ).toMatchObject({ event_type: "logout", metadata: { reason: "User Requested" } });
  });

  it("reads logons against the firewall's local user database", () => {
    expect(
      asa("%ASA-6-113012: AAA user authentication Successful : local database : user = mlefevre"),
    ).toMatchObject({
      event_type: "login_success",
      username: "mlefevre",
    });
    expect(
      asa(
        "%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = mlefevre: user IP = 198.51.100.23",
      ),
    ).toMatchObject({ event_type: "login_failure", username: "mlefevre", source_ip: "198.51.100.23" });
  });
});
