import { describe, expect, it } from "vitest";
import { syslogParseStats } from "../counters.ts";
import { event, fixtureEvents, fixtureLines } from "./test-support.ts";

describe("sshd", () => {
  it.each([
    ["Failed password for root from 203.0.113.9 port 52144 ssh2", "login_failure", "root", "password"],
    [
      "Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
      "login_failure",
      "admin",
      "password",
    ],
    [
      "Failed publickey for git from 203.0.113.9 port 52144 ssh2: RSA SHA256:abc",
      "login_failure",
      "git",
      "publickey",
    ],
    ["Accepted password for alice from 203.0.113.9 port 52144 ssh2", "login_success", "alice", "password"],
    [
      "Accepted publickey for deploy from 203.0.113.9 port 52144 ssh2: ED25519 SHA256:xyz",
      "login_success",
      "deploy",
      "publickey",
    ],
  ])("%s", (text, eventType, user, method) => {
    const e = event(`Jun  1 10:00:00 bastion sshd[811]: ${text}`);
    expect(e).toMatchObject({
      source_type: "auth",
      event_type: eventType,
      username: user,
      auth_method: method,
      service: "sshd",
    });
    expect(e).toMatchObject({ source_ip: "203.0.113.9", source_port: 52144, hostname: "bastion" });
  });

  it("tells invalid users, repeats and pre-auth noise apart", () => {
    expect(
      event("Jun  1 10:00:00 h sshd[1]: Invalid user oracle from 198.51.100.7 port 40022"),
    ).toMatchObject({
      event_type: "login_failure",
      username: "oracle",
      failure_reason: "invalid user",
      source_ip: "198.51.100.7",
    });
    const repeated = event(
      "Jun  1 10:00:00 h sshd[1]: message repeated 3 times: [ Failed password for root from 198.51.100.7 port 22]",
    );
    expect(repeated).toMatchObject({ event_type: "login_failure", username: "root" });
    expect(repeated.metadata).toMatchObject({ repeat_count: 3 });
    expect(
      event("Jun  1 10:00:00 h sshd[1]: Connection closed by 198.51.100.7 port 40022 [preauth]"),
    ).toMatchObject({ event_type: "connection_closed", source_ip: "198.51.100.7" });
    expect(
      event(
        "Jun  1 10:00:00 h sshd[1]: Received disconnect from 198.51.100.7 port 40022:11: Bye Bye [preauth]",
      ),
    ).toMatchObject({ event_type: "disconnect", source_port: 40022 });
    expect(
      event("Jun  1 10:00:00 h sshd[1]: Did not receive identification string from 198.51.100.7"),
    ).toMatchObject({ event_type: "connection_probe" });
    expect(event("Jun  1 10:00:00 h sshd[1]: Server listening on 0.0.0.0 port 22.")).toMatchObject({
      source_type: "generic",
    });
  });
});

describe("PAM, sudo and su", () => {
  it("reads PAM failures wherever the module name sits", () => {
    const inMessage = event(
      "Jun  1 10:00:00 h sshd[5]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.44  user=root",
    );
    expect(inMessage).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      service: "sshd",
      username: "root",
      source_ip: "192.0.2.44",
    });
    const inProgram = event(
      "Jun  1 10:00:00 h su(pam_unix)[7]: authentication failure; logname=bob uid=1000 euid=0 tty=pts/1 ruser=bob rhost=  user=root",
    );
    expect(inProgram).toMatchObject({
      event_type: "login_failure",
      service: "su",
      username: "root",
      source_ip: null,
    });
    const named = event(
      "Jun  1 10:00:00 h sshd(pam_unix)[7]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net",
    );
    expect(named.source_ip).toBeNull();
    expect(named.metadata).toMatchObject({ rhost: "host.example.net" });
    expect(
      event("Jun  1 10:00:00 h CRON[9]: pam_unix(cron:session): session opened for user root by (uid=0)"),
    ).toMatchObject({ event_type: "session_opened", username: "root", service: "cron" });
  });

  it("turns sudo lines into privilege use, password failures and refusals", () => {
    const ran = event(
      "Jun  1 10:00:00 h sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx ; x",
    );
    expect(ran).toMatchObject({
      source_type: "endpoint",
      event_type: "privilege_use",
      username: "alice",
      command_line: "/usr/bin/systemctl restart nginx ; x",
    });
    expect(ran.metadata).toMatchObject({ target_user: "root", cwd: "/home/alice" });
    expect(
      event(
        "Jun  1 10:00:00 h sudo:    bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh",
      ),
    ).toMatchObject({ source_type: "auth", event_type: "max_retries_exceeded", command_line: "/bin/sh" });
    expect(
      event(
        "Jun  1 10:00:00 h sudo:    bob : 1 incorrect password attempt ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh",
      ),
    ).toMatchObject({ source_type: "auth", event_type: "login_failure" });
    expect(
      event(
        "Jun  1 10:00:00 h sudo:    eve : user NOT in sudoers ; TTY=pts/2 ; PWD=/ ; USER=root ; COMMAND=/bin/id",
      ),
    ).toMatchObject({ event_type: "privilege_denied", severity: "medium", username: "eve" });
  });

  it("turns su lines into privilege use or failures with the target user", () => {
    expect(
      event("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"),
    ).toMatchObject({ event_type: "login_failure", username: "lonvick", command_line: "su root" });
    expect(event("Jun  1 10:00:00 h su[3]: FAILED SU (to root) bob on pts/0")).toMatchObject({
      event_type: "login_failure",
      username: "bob",
    });
    expect(event("Jun  1 10:00:00 h su[3]: (to root) bob on pts/0")).toMatchObject({
      event_type: "privilege_use",
      username: "bob",
      command_line: "su root",
    });
  });
});

describe("firewalls", () => {
  it("reads netfilter LOG lines and takes the verdict from the prefix", () => {
    const e = event(
      "Jun  1 10:00:00 gw kernel: [ 3529.289825] [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=198.51.100.23 DST=192.0.2.10 LEN=60 TOS=0x00 TTL=51 ID=0 DF PROTO=TCP SPT=51515 DPT=22 WINDOW=8192 SYN URGP=0",
    );
    expect(e).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      action: "deny",
      protocol: "tcp",
      rule_name: "[UFW BLOCK]",
    });
    expect(e).toMatchObject({
      source_ip: "198.51.100.23",
      dest_ip: "192.0.2.10",
      source_port: 51515,
      dest_port: 22,
    });
    expect(
      event("Jun  1 10:00:00 gw kernel: ACCEPT-SSH IN=eth0 OUT= SRC=10.0.0.2 DST=10.0.0.1 PROTO=ICMP TYPE=8"),
    ).toMatchObject({ event_type: "firewall_allow", protocol: "icmp", source_port: null });
  });

  it("reads pfSense filterlog for IPv4 tcp/udp/icmp and IPv6", () => {
    const v4 = event(
      "Jun  1 10:00:00 pf filterlog[1]: 5,,,1000000103,igb0,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,203.0.113.5,192.0.2.1,41234,3389,0,S,123,,64240,,mss",
    );
    expect(v4).toMatchObject({
      event_type: "firewall_deny",
      action: "deny",
      protocol: "tcp",
      source_ip: "203.0.113.5",
      dest_ip: "192.0.2.1",
      source_port: 41234,
      dest_port: 3389,
      rule_name: "1000000103",
    });
    const icmp = event(
      "Jun  1 10:00:00 pf filterlog[1]: 65,,,0,vmx1,match,pass,out,4,0x0,,63,21011,0,none,1,icmp,56,192.168.105.11,192.168.105.1,datalength=36",
    );
    expect(icmp).toMatchObject({
      event_type: "firewall_allow",
      protocol: "icmp",
      dest_ip: "192.168.105.1",
      source_port: null,
    });
    const v6 = event(
      "Jun  1 10:00:00 pf filterlog[1]: 9,,,1000000105,em0,match,pass,out,6,0x00,0x00000,255,udp,17,52,2001:db8::1,2001:db8::2,546,547,52",
    );
    expect(v6).toMatchObject({
      protocol: "udp",
      source_ip: "2001:db8::1",
      dest_ip: "2001:db8::2",
      source_port: 546,
      dest_port: 547,
    });
  });

  it("reads FortiGate traffic, UTM and admin events", () => {
    const traffic = event(
      'date=2024-05-31 time=10:19:23 devname="FGT-AUDIO-001" devid="FG100F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=10.1.1.20 srcport=57727 dstip=93.184.216.34 dstport=443 proto=6 action="deny" policyid=8 sentbyte=0 rcvdbyte=0',
    );
    expect(traffic).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      hostname: "FGT-AUDIO-001",
      protocol: "tcp",
      rule_name: "8",
      dest_port: 443,
    });
    const ips = event(
      'date=2024-05-31 time=17:56:41 logid="0419016384" type="utm" subtype="ips" severity="critical" srcip=10.1.1.22 dstip=172.16.200.55 srcport=4444 dstport=80 proto=6 action="dropped" attack="Adobe.Flash.newfunction" attackid=12345',
    );
    expect(ips).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      signature_name: "Adobe.Flash.newfunction",
      signature_id: "12345",
      severity: "critical",
    });
    const admin = event(
      'date=2024-05-31 time=12:22:01 devname=fw devid=FG logid=0100032002 type=event subtype=system logdesc="Admin login failed" user="root" ui=ssh(222.186.130.227) action=login status=failed reason="name_invalid"',
    );
    expect(admin).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      username: "root",
      source_ip: "222.186.130.227",
      failure_reason: "name_invalid",
    });
  });

  it("reads Cisco ASA connection and deny messages", () => {
    const built = event(
      "<166>Jun  1 10:00:00 asa : %ASA-6-302013: Built outbound TCP connection 9 for outside:93.184.216.34/443 (93.184.216.34/443) to inside:10.0.0.5/51234 (198.51.100.2/51234)",
    );
    expect(built).toMatchObject({
      event_type: "connection_built",
      source_ip: "10.0.0.5",
      source_port: 51234,
      dest_ip: "93.184.216.34",
      dest_port: 443,
      protocol: "tcp",
    });
    const teardown = event(
      "%ASA-6-302014: Teardown TCP connection 4211 for outside:171.70.168.183/53 to inside:192.168.1.185/1032 duration 0:00:00 bytes 526 TCP FINs",
    );
    expect(teardown).toMatchObject({ event_type: "connection_teardown", source_ip: "171.70.168.183" });
    expect(teardown.metadata).toMatchObject({ bytes_total: 526, asa_message_id: "302014", asa_level: 6 });
    expect(
      event(
        '%ASA-4-106023: Deny tcp src outside:203.0.113.4/2143 dst inside:10.0.0.9/139 by access-group "outside_in" [0x0, 0x0]',
      ),
    ).toMatchObject({ event_type: "firewall_deny", rule_name: "outside_in", dest_port: 139 });
    expect(
      event(
        "%ASA-4-106100: access-list inside_in denied udp inside/10.0.0.7(5353) -> outside/224.0.0.251(5353) hit-cnt 1 first hit [0x0, 0x0]",
      ),
    ).toMatchObject({ event_type: "firewall_deny", rule_name: "inside_in", source_port: 5353 });
    expect(
      event(
        "%ASA-6-302015: Built inbound UDP connection 7 for outside:198.51.100.1/53 (198.51.100.1/53) to inside:10.0.0.2/5000 (10.0.0.2/5000)",
      ),
    ).toMatchObject({ source_ip: "198.51.100.1", protocol: "udp" });
  });
});

describe("IDS, web and CEF/LEEF", () => {
  const eve = fixtureLines("suricata-eve-sample.json").map(event);

  it("decodes Suricata EVE alerts, dns, http, flows and files", () => {
    expect(eve.map((e) => `${e.source_type}/${e.event_type}`)).toEqual([
      "ids/ids_alert",
      "dns/dns_query",
      "network/file_transfer",
      "network/flow",
      "proxy/http_request",
      "network/netflow",
    ]);
    expect(eve[0]).toMatchObject({
      signature_id: "2017318",
      classification: "Potentially Bad Traffic",
      severity: "medium",
      source_ip: "147.32.84.165",
      dest_port: 6667,
      timestamp: "2011-08-12T12:52:57.716Z",
    });
    expect(eve[1]).toMatchObject({ query: "irc.freenode.net", query_type: "A" });
    expect(eve[4]).toMatchObject({
      method: "GET",
      url: expect.stringMatching(/^cr-tools\.clients\.google\.com\/service\/check2/),
    });
    expect(eve[3]).toMatchObject({ bytes_sent: 486, bytes_received: 0 });
  });

  it("decodes combined access lines, bare or behind syslog", () => {
    const e = event(
      'Jun  1 10:00:00 web01 nginx: 198.51.100.77 - bob [01/Jun/2024:10:00:00 +0200] "POST /wp-login.php HTTP/1.1" 401 512 "-" "python-requests/2.31 \\"x\\""',
    );
    expect(e).toMatchObject({
      source_type: "proxy",
      event_type: "http_request",
      source_ip: "198.51.100.77",
      username: "bob",
      method: "POST",
      url: "/wp-login.php",
      status_code: 401,
      bytes_transferred: 512,
    });
    expect(e).toMatchObject({
      user_agent: 'python-requests/2.31 \\"x\\"',
      timestamp: "2024-06-01T08:00:00.000Z",
    });
  });

  it("maps CEF and LEEF standard keys whatever the vendor", () => {
    const cynet = fixtureEvents("tenzir-syslog-rfc3164.log")(6);
    expect(cynet).toMatchObject({
      source_type: "endpoint",
      event_type: "endpoint_alert",
      severity: "high",
      source_ip: "172.31.5.93",
      hostname: "TikaSrv01",
    });
    expect(cynet).toMatchObject({
      signature_name: "Memory Pattern - Cobalt Strike Beacon ReflectiveLoader",
      file_path: "c:\\windows\\temp\\javac.exe",
      username: "tikasrv01\\administrator",
    });
    const fw = event(
      "CEF:0|Palo Alto|PAN-OS|10.1|end|TRAFFIC|3|src=10.0.0.1 dst=8.8.8.8 spt=5353 dpt=53 proto=UDP act=deny suser=corp\\\\bob",
    );
    expect(fw).toMatchObject({
      source_type: "firewall",
      event_type: "firewall_deny",
      protocol: "udp",
      dest_port: 53,
      username: "corp\\bob",
      severity: "low",
    });
    const leef = event(
      "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=9^usrName=carol^cat=Worm Activity",
    );
    expect(leef).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      severity: "critical",
      username: "carol",
      classification: "Worm Activity",
    });
  });
});

describe("generic fallback", () => {
  it("keeps undecodable lines as generic with the PRI severity, and counts lines that parse as nothing", () => {
    const before = syslogParseStats();
    const withPri = event("<11>Jun  1 10:00:00 nas smartd[77]: Device: /dev/sda, FAILED SMART self-check");
    expect(withPri).toMatchObject({
      source_type: "generic",
      event_type: "syslog",
      severity: "high",
      hostname: "nas",
      message: "Device: /dev/sda, FAILED SMART self-check",
    });
    expect(withPri.metadata).toMatchObject({
      syslog_facility: 1,
      syslog_severity: 3,
      program: "smartd",
      pid: "77",
    });
    const nothing = event("some words nobody can parse");
    expect(nothing).toMatchObject({
      source_type: "generic",
      event_type: "syslog",
      message: "some words nobody can parse",
      raw_log: "some words nobody can parse",
    });
    expect(nothing.severity).toBeUndefined();
    const after = syslogParseStats();
    expect(after.generic - before.generic).toBe(2);
    expect(after.unparsed - before.unparsed).toBe(1);
  });

  it("never lets a decoded value break the 255-character limit of short fields", () => {
    const e = event(`Jun  1 10:00:00 h sshd[1]: Invalid user ${"x".repeat(400)} from 192.0.2.1`);
    expect((e.username as string).length).toBe(255);
  });
});
