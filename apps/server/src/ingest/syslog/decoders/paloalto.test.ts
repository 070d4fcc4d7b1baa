import { describe, expect, it } from "vitest";
import { event, fixtureEvents, fixtureLines, prefixes } from "./test-support.ts";

const fixture = fixtureEvents("paloalto-panos.log");
const trafficEnd = fixture(0);
const trafficDrop = fixture(1);
const threatVuln = fixture(2);
const threatUrl = fixture(3);
const threatVirus = fixture(4);
const authFail = fixture(5);
const systemInfo = fixture(6);
const config = fixture(7);

describe("Palo Alto PAN-OS CSV", () => {
  it("reads TRAFFIC logs: allowed sessions with bytes, dropped ones as denies", () => {
    expect(trafficEnd).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_allow",
      action: "allow",
      source_ip: "10.7.1.23",
      dest_ip: "93.184.216.34",
      source_port: 52344,
      dest_port: 443,
      protocol: "tcp",
      username: "audio007\\bob",
      rule_name: "allow-web-out",
      bytes_sent: 2311,
      bytes_received: 15933,
      hostname: "PA-AUDIO-007",
    });
    expect(trafficEnd.metadata).toMatchObject({
      decoder: "paloalto",
      application: "ssl",
      nat_source_ip: "198.51.100.7",
      session_end_reason: "tcp-fin",
    });
    expect(trafficDrop).toMatchObject({
      event_type: "firewall_deny",
      action: "deny",
      source_ip: "203.0.113.45",
      dest_port: 3389,
      rule_name: "interzone-default",
      hostname: "PA-AUDIO-007",
    });
    expect(trafficDrop.metadata).toMatchObject({ session_end_reason: "policy-deny" });
    expect(trafficDrop.metadata).not.toHaveProperty("nat_source_ip");
    expect(trafficDrop.message).toContain("203.0.113.45:61022 -> 192.0.2.10:3389");
  });

  it("reads THREAT logs: IPS with the vendor severity, URL filtering, antivirus", () => {
    expect(threatVuln).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      signature_id: "91991",
      signature_name: "Apache Log4j Remote Code Execution Vulnerability",
      classification: "code-execution",
      severity: "critical",
      action: "reset-both",
      source_ip: "198.51.100.99",
      dest_ip: "10.7.2.15",
      dest_port: 443,
    });
    expect(threatVuln.metadata).toMatchObject({ direction: "client-to-server", url_or_file: "login.php" });
    expect(threatUrl).toMatchObject({
      source_type: "proxy",
      event_type: "web_blocked",
      url: "malware-host.example/dl/invoice.exe",
      category: "malware",
      user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      username: "audio007\\carol",
      severity: "info",
    });
    expect(threatVirus).toMatchObject({
      event_type: "malware_detected",
      file_path: "invoice.exe",
      signature_id: "285551234",
      severity: "medium",
    });
  });

  it("reads SYSTEM authentication failures and CONFIG changes", () => {
    expect(authFail).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      username: "admin",
      source_ip: "203.0.113.77",
      failure_reason: "Invalid username/password",
      severity: "medium",
    });
    expect(systemInfo).toMatchObject({
      source_type: "application",
      event_type: "system_event",
      severity: "info",
      message: "Commit job succeeded for user admin",
    });
    expect(config).toMatchObject({
      source_type: "application",
      event_type: "config_change",
      username: "admin",
      source_ip: "192.0.2.55",
    });
  });

  it("takes the event time from the generated time; an impossible date leaves it to the receiver", () => {
    expect(trafficEnd.timestamp).toBe(new Date(2024, 5, 1, 10, 2, 10).toISOString());
    expect(
      event(`1,2024/06/01 10:00:00,0001,TRAFFIC,end,0,2020/00/00 00:00:00,${",".repeat(30)}`).timestamp,
    ).toBe(undefined);
  });

  it("claims no other CSV or syslog line", () => {
    for (const text of [
      "Jun  1 10:00:00 pf filterlog[1]: 5,,,1000000103,igb0,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,203.0.113.5,192.0.2.1,41234,3389,0,S,123,,64240,,mss",
      "id,2024/06/01 10:00:00,abc,TRAFFIC",
      "1,2024/06/01 10:00:00,0001,USERID,login,0,2024/06/01 10:00:00,vsys1,10.0.0.1,bob",
    ]) {
      expect(event(text).metadata?.decoder).not.toBe("paloalto");
    }
  });

  it("survives truncated lines and odd quoting without throwing", () => {
    for (const text of fixtureLines("paloalto-panos.log")) {
      for (const cut of prefixes(text)) expect(() => event(cut)).not.toThrow();
    }
    const cut = event("1,2024/06/01 10:00:00,0001,THREAT,url,0,2024/06/01 10:00:00,10.0.0.1");
    expect(cut).toMatchObject({ source_type: "generic", event_type: "syslog" });
    expect(event('1,2024/06/01 10:00:00,0001,SYSTEM,general,0,2024/06/01,,"unclosed,quote').source_type).toBe(
      "generic",
    );
  });
});
