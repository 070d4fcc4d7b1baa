import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCef, parseCefExtension } from "./cef.ts";
import { parseMessage } from "./index.ts";
import { parseLeef } from "./leef.ts";
import { parseRfc3164 } from "./rfc3164.ts";
import { parseRfc5424 } from "./rfc5424.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter(Boolean);
const now = new Date(2024, 2, 1, 12, 0, 0); // local time, like year-less syslog stamps
const local = (...parts: [number, number, number, number, number, number]) =>
  new Date(...parts).toISOString();

describe("RFC 3164", () => {
  it("reads PRI, timestamp, host, program and pid", () => {
    const p = parseRfc3164("<38>Feb  5 10:01:02 web01 sshd[1234]: Accepted password for bob", { now })!;
    expect(p).toMatchObject({
      facility: 4,
      syslogSeverity: 6,
      hostname: "web01",
      program: "sshd",
      pid: "1234",
    });
    expect(p.timestamp).toBe(local(2024, 1, 5, 10, 1, 2));
    expect(p.message).toBe("Accepted password for bob");
  });

  it("takes last year for a year-less date more than a day ahead of now", () => {
    expect(parseRfc3164("Mar  2 11:00:00 h p: x", { now })!.timestamp).toBe(local(2024, 2, 2, 11, 0, 0));
    expect(parseRfc3164("Mar  3 12:00:01 h p: x", { now })!.timestamp).toBe(local(2023, 2, 3, 12, 0, 1));
    expect(parseRfc3164("Dec 31 23:59:59 h p: x", { now })!.timestamp).toBe(local(2023, 11, 31, 23, 59, 59));
  });

  it("accepts ISO 8601 stamps, with T or a space and compact zones", () => {
    const iso = parseRfc3164("2013-10-30T14:51:21.901728+01:00 srv sshd[12664]: hello", { now })!;
    expect(iso).toMatchObject({ timestamp: "2013-10-30T13:51:21.901Z", hostname: "srv", program: "sshd" });
    const spaced = parseRfc3164("2020-03-23 06:47:42.801612-0700  localhost sshd[3186]: hi", { now })!;
    expect(spaced).toMatchObject({
      timestamp: "2020-03-23T13:47:42.801Z",
      hostname: "localhost",
      message: "hi",
    });
  });

  it("handles a missing hostname, a year in the stamp, and Cisco's trailing colon", () => {
    expect(parseRfc3164("Jan 22 18:34:00 filterlog: 65,,,0", { now })).toMatchObject({
      hostname: null,
      program: "filterlog",
    });
    expect(parseRfc3164("2015 Nov 13 13:40:01 ether rsyslogd-2177: drop", { now })).toMatchObject({
      timestamp: local(2015, 10, 13, 13, 40, 1),
      program: "rsyslogd-2177",
    });
    const asa = parseRfc3164("Oct 03 2018 17:34:08: %ASA-4-106023: Deny udp", { now })!;
    expect(asa).toMatchObject({ hostname: null, program: null, message: "%ASA-4-106023: Deny udp" });
  });

  it("reads Sophos UTM's YYYY:MM:DD-HH:MM:SS stamp as local time, with or without PRI", () => {
    const body = 'id="2001" severity="info" sys="SecureNet" sub="packetfilter" name="Packet dropped"';
    const line = `2023:04:28-11:28:41 utm-host ulogd[1234]: ${body}`;
    const expected = {
      format: "rfc3164",
      timestamp: local(2023, 3, 28, 11, 28, 41),
      hostname: "utm-host",
      program: "ulogd",
      pid: "1234",
      message: body,
    };
    expect(parseRfc3164(`<30>${line}`, { now })).toMatchObject({
      ...expected,
      facility: 3,
      syslogSeverity: 6,
    });
    expect(parseRfc3164(line, { now })).toMatchObject({ ...expected, facility: null });
    expect(parseMessage(`<30>${line}`, { now })).toMatchObject(expected);
  });

  it("refuses a UTM stamp that is not a date, or not followed by a space", () => {
    expect(parseRfc3164("<30>2023:02:30-11:28:41 utm-host ulogd: x", { now })).toMatchObject({
      timestamp: null,
      hostname: "utm-host",
    });
    expect(parseRfc3164("2023:13:01-11:28:41 utm-host ulogd: x", { now })).toBeNull();
    expect(parseRfc3164("2023:04:28-11:28:41x utm-host ulogd: x", { now })).toBeNull();
  });

  it("strips the Solaris [ID n facility.level] prefix and keeps key=value bodies whole", () => {
    const solaris = parseRfc3164(
      "Aug 18 07:30:25 192.168.1.5 sshd[20247]: [ID 800047 auth.notice] Failed none",
      { now },
    )!;
    expect(solaris.message).toBe("Failed none");
    const forti = parseRfc3164("Dec 23 11:13:03 date=2011-07-24 time=10:13:03 devname=x", { now })!;
    expect(forti).toMatchObject({
      hostname: null,
      program: null,
      message: "date=2011-07-24 time=10:13:03 devname=x",
    });
  });

  it("rejects a day the month does not have and lines with neither PRI nor stamp", () => {
    expect(parseRfc3164("Feb 31 10:00:00 h p: x", { now })!.timestamp).toBeNull();
    expect(parseRfc3164("just words", { now })).toBeNull();
  });

  it("parses every tenzir edge case the way a SOC analyst would read it", () => {
    const lines = fixture("tenzir-syslog-rfc3164.log").map((l) => parseMessage(l, { now }));
    expect(lines.every((p) => p.format === "rfc3164")).toBe(true);
    expect(lines[0]).toMatchObject({
      hostname: "mymachine/10.1.1.16",
      program: "PROGRAM",
      message: "Info: MODULE: Startup MESSAGE: User has admin rights: yes",
    });
    expect(lines[2]).toMatchObject({
      facility: 4,
      syslogSeverity: 2,
      program: "OTHERPROGRAM",
      message: "Freeform message",
    });
    expect(lines[3]).toMatchObject({ program: "OTHERPROGRAM", message: "Freeform message" });
    expect(lines[5]).toMatchObject({ program: "OTHERPROGRAM", message: "" });
    expect(lines[6]!.vendor).toMatchObject({ kind: "cef", vendor: "Cynet", severity: "high" });
    expect(lines[7]).toMatchObject({ program: "FOO" });
    expect(lines[7]!.vendor?.fields.src).toBe("172.31.5.93");
    expect(lines[8]).toMatchObject({
      hostname: "mymachine",
      program: "PROCESS",
      pid: "123",
      message: "foobar",
    });
    expect(lines[9]).toMatchObject({
      hostname: "mymachine/10.1.1.16",
      program: null,
      message: "No app name in this message",
    });
    expect(lines[11]).toMatchObject({
      hostname: "firepower",
      facility: 20,
      syslogSeverity: 4,
      timestamp: local(2024, 0, 18, 11, 50, 3),
    });
    expect(lines[11]!.message.startsWith("%FTD-4-419002:")).toBe(true);
  });
});

describe("RFC 5424", () => {
  it("reads the header and structured data with its escapes", () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 77 ID47 [exampleSDID@32473 iut="3" eventSource="Appli\\"cation\\]" path="C:\\\\x"][meta class="high"] \uFEFFAn application event';
    const p = parseRfc5424(line)!;
    expect(p).toMatchObject({
      format: "rfc5424",
      facility: 20,
      syslogSeverity: 5,
      hostname: "mymachine.example.com",
    });
    expect(p).toMatchObject({
      program: "evntslog",
      pid: "77",
      msgid: "ID47",
      timestamp: "2003-10-11T22:14:15.003Z",
    });
    expect(p.structuredData).toEqual({
      "exampleSDID@32473": { iut: "3", eventSource: 'Appli"cation]', path: "C:\\x" },
      meta: { class: "high" },
    });
    expect(p.message).toBe("An application event");
  });

  it("maps NILVALUEs to null and keeps malformed structured data in the message", () => {
    expect(parseRfc5424("<13>1 - - - - - - hello")).toMatchObject({
      timestamp: null,
      hostname: null,
      program: null,
      structuredData: null,
      message: "hello",
    });
    expect(parseRfc5424('<13>1 - h a - - [broken x="1" hi')!.message).toBe('[broken x="1" hi');
    expect(parseRfc5424("<13>Oct 11 22:14:15 host x: y")).toBeNull();
  });
});

describe("CEF", () => {
  it("undoes header and extension escapes; values keep their spaces", () => {
    const cef = parseCef(
      "CEF:0|Ven\\|dor|Prod\\\\uct|1.0|100|Port\\|scan|Very-High|src=10.0.0.1 msg=a\\=b c\\\\d\\nline two act=blocked now cs1=x",
    )!;
    expect(cef).toMatchObject({
      vendor: "Ven|dor",
      product: "Prod\\uct",
      name: "Port|scan",
      severity: "critical",
    });
    expect(cef.fields).toEqual({ src: "10.0.0.1", msg: "a=b c\\d\nline two", act: "blocked now", cs1: "x" });
  });

  it("maps numeric and word severities", () => {
    const severity = (s: string) => parseCef(`CEF:0|v|p|1|id|n|${s}|`)!.severity;
    expect([0, 3, 4, 6, 7, 8, 9, 10].map((n) => severity(String(n)))).toEqual([
      "low",
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "critical",
      "critical",
    ]);
    expect([severity("Low"), severity("Medium"), severity("High"), severity("11"), severity("x")]).toEqual([
      "low",
      "medium",
      "high",
      null,
      null,
    ]);
  });

  it("is not fooled by pipes in the extension or an escaped equals sign", () => {
    expect(parseCefExtension("request=http://x/?a=b|c user=me")).toEqual({
      request: "http://x/?a=b|c",
      user: "me",
    });
    expect(parseCef("CEF:0|too|few")).toBeNull();
  });
});

describe("LEEF", () => {
  it("splits LEEF 1.0 on tabs and tolerates free text, empty values and trailing tabs", () => {
    const [pta, junk, empty, , trailing] = fixture("tenzir-leef1.log").map((l) => parseLeef(l)!);
    expect(pta).toMatchObject({ vendor: "CyberArk", product: "PTA", eventId: "1", severity: "high" });
    expect(pta!.fields).toMatchObject({
      Cat: "Suspected credentials theft",
      src: "src1",
      userName: "mike",
      suser: "mike2",
      dst: "192.168.0.1",
    });
    expect(junk!.fields).toEqual({});
    expect(empty!.fields).toEqual({ key: "" });
    expect(trailing!.fields).toEqual({ key: "yikes" });
  });

  it("reads the LEEF 2.0 delimiter field as a character or a hex code", () => {
    expect(
      parseLeef("LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5")!.fields,
    ).toEqual({ src: "10.0.1.8", dst: "10.0.0.5", sev: "5" });
    expect(parseLeef("LEEF:2.0|V|P|1|7|x09|a=1\tb=2 3")!.fields).toEqual({ a: "1", b: "2 3" });
    expect(parseLeef("LEEF:2.0|V|P|1|7|0x7C|a=1|b=2")!.fields).toEqual({ a: "1", b: "2" });
    expect(parseLeef("LEEF:2.0|V|P|1|7|a=1\tb=2")!.fields).toEqual({ a: "1", b: "2" });
  });
});

describe("parseMessage", () => {
  it("finds CEF/LEEF after a syslog header and JSON bodies", () => {
    expect(
      parseMessage("<134>1 2024-01-01T00:00:00Z fw - - - - CEF:0|V|P|1|9|n|5|src=1.2.3.4").vendor?.fields.src,
    ).toBe("1.2.3.4");
    expect(parseMessage('Jan  1 00:00:00 ids suricata[9]: {"event_type":"alert"}').json).toEqual({
      event_type: "alert",
    });
    expect(parseMessage("LEEF:1.0|V|P|1|2|a=b\r\n")).toMatchObject({
      format: "raw",
      vendor: { kind: "leef" },
    });
  });

  it("returns a bare line as raw and never throws on garbage", () => {
    expect(parseMessage("hello world")).toMatchObject({
      format: "raw",
      message: "hello world",
      timestamp: null,
    });
    for (const junk of ["", "<", "<999>x", "{", "CEF:", "LEEF:2.0|", "<1>1 ", "\u0000\u0000"]) {
      expect(() => parseMessage(junk)).not.toThrow();
    }
  });
});
