import { describe, expect, it } from "vitest";
import { event } from "./test-support.ts";

// Lines written by the project after Fortinet's FortiOS log reference (key=value, FortiOS 6/7).
const fgt = (fields: string) =>
  event(`date=2024-05-31 time=10:00:00 devname="fgt-clinic" devid="FG100F0000000001" vd="root" ${fields}`);

describe("FortiGate UTM and system events typed by meaning", () => {
  it("reads application control verdicts as firewall verdicts with the application", () => {
    const blocked = fgt(
      'logid="1059028705" type="utm" subtype="app-ctrl" eventtype="app-ctrl-all" level="warning" srcip=10.8.0.21 dstip=198.51.100.30 srcport=50111 dstport=443 proto=6 app="BitTorrent" appcat="P2P" apprisk="high" action="block" hostname="tracker.example.net" url="/announce"',
    );
    expect(blocked).toMatchObject({
      event_type: "firewall_deny",
      application: "BitTorrent",
      category: "P2P",
      classification: "application-control",
      url: "tracker.example.net/announce",
    });
    expect(
      fgt(
        'logid="1059028704" type="utm" subtype="app-ctrl" srcip=10.8.0.21 app="Zoom" appcat="Video" action="pass"',
      ),
    ).toMatchObject({ event_type: "firewall_allow", application: "Zoom" });
  });

  it("reads TLS inspection refusals and file filter blocks", () => {
    expect(
      fgt(
        'logid="1700062002" type="utm" subtype="ssl" eventtype="ssl-anomalies" srcip=10.8.0.22 dstip=203.0.113.80 dstport=443 action="blocked" msg="Server certificate blocked" reason="block-cert-invalid"',
      ),
    ).toMatchObject({ event_type: "tls_blocked", reason: "block-cert-invalid", source_ip: "10.8.0.22" });
    expect(
      fgt(
        'logid="1800063000" type="utm" subtype="cifs" eventtype="cifs-filefilter" srcip=10.8.0.23 dstip=10.8.1.5 dstport=445 action="blocked" filename="invoice.exe" filetype="exe" filesize="52224"',
      ),
    ).toMatchObject({ event_type: "file_blocked", file_name: "invoice.exe", bytes_transferred: 52224 });
  });

  it("reads VPN tunnels, the HA cluster and TLS failures", () => {
    expect(
      fgt(
        'logid="0101039947" type="event" subtype="vpn" action="tunnel-up" remip=203.0.113.9 user="mlefevre"',
      ),
    ).toMatchObject({ event_type: "vpn_tunnel_up", username: "mlefevre", source_ip: "203.0.113.9" });
    expect(
      fgt(
        'logid="0101037138" type="event" subtype="vpn" logdesc="IPsec DPD failed" action="dpd" remip=203.0.113.9',
      ),
    ).toMatchObject({ event_type: "vpn_tunnel_down" });
    expect(
      fgt('logid="0108037894" type="event" subtype="ha" msg="Virtual cluster member joined"'),
    ).toMatchObject({
      event_type: "failover_event",
    });
    expect(
      fgt('logid="0105048038" type="event" subtype="wad" logdesc="SSL Fatal Alert received" srcip=10.8.0.24'),
    ).toMatchObject({ event_type: "tls_error" });
  });
});
