import { describe, expect, it } from "vitest";
import { event } from "../decoders/test-support.ts";

// A line rsyslog read from /var/log/auth.log (imfile) and forwarded (omfwd), as written by the project.
const FILE_LINE =
  "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 203.0.113.5 port 38926 ssh2";

describe("lines relayed from a file by rsyslog", () => {
  it.each([
    ["RFC 5424", `<86>1 2024-12-10T07:00:00.000Z relay01 sshd-file - - - ${FILE_LINE}`],
    ["RFC 3164", `<86>Dec 10 07:00:00 relay01 sshd-file: ${FILE_LINE}`],
  ])("are decoded from the inner header (%s)", (_, line) => {
    const e = event(line);
    expect(e).toMatchObject({
      event_type: "login_failure",
      hostname: "LabSZ",
      username: "root",
      source_ip: "203.0.113.5",
      message: "Failed password for root from 203.0.113.5 port 38926 ssh2",
    });
    expect(e.timestamp).toMatch(/-12-10T\d\d:55:46/);
    expect(e.metadata).toMatchObject({
      program: "sshd",
      pid: "24200",
      decoder: "sshd",
      relay_host: "relay01",
      relay_program: "sshd-file",
    });
  });

  it("leaves a body that merely starts with a date alone", () => {
    const e = event("<14>Dec 10 07:00:00 app01 billing: 2024-12-10 06:59:59 ERROR: invoice 42 failed");
    expect(e).toMatchObject({ hostname: "app01", message: "2024-12-10 06:59:59 ERROR: invoice 42 failed" });
    expect(e.metadata?.relay_host).toBeUndefined();
  });
});
