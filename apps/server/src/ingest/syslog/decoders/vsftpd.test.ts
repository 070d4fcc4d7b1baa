import { describe, expect, it } from "vitest";
import { event, prefixes } from "./test-support.ts";

const FILE_LOGIN_FAIL = 'Sat Jun  1 10:00:00 2024 [pid 2411] [mallory] FAIL LOGIN: Client "203.0.113.66"';
const FILE_UPLOAD =
  'Sat Jun  1 10:02:00 2024 [pid 2415] [bob] OK UPLOAD: Client "::ffff:10.7.1.23", "/home/bob/audiogram-0612.pdf", 20480 bytes, 512.00Kbyte/sec';

describe("vsftpd", () => {
  it("reads failed and successful logins from its own log, with the ctime stamp", () => {
    expect(event(FILE_LOGIN_FAIL)).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      username: "mallory",
      source_ip: "203.0.113.66",
      service: "vsftpd",
      result: "failure",
      timestamp: new Date(2024, 5, 1, 10, 0, 0).toISOString(),
    });
    expect(event('Sat Jun  1 10:01:00 2024 [pid 2413] [bob] OK LOGIN: Client "10.7.1.23"')).toMatchObject({
      event_type: "login_success",
      username: "bob",
      auth_method: "password",
    });
    expect(
      event('Sat Jun  1 10:01:00 2024 [pid 2414] [ftp] OK LOGIN: Client "198.51.100.4", anon password "?"'),
    ).toMatchObject({ event_type: "login_success", auth_method: "anonymous", username: "ftp" });
  });

  it("reads the same lines through syslog, and connections", () => {
    expect(
      event('Jun  1 10:00:00 ftp01 vsftpd[2411]: [mallory] FAIL LOGIN: Client "203.0.113.66"'),
    ).toMatchObject({
      event_type: "login_failure",
      username: "mallory",
      hostname: "ftp01",
      source_ip: "203.0.113.66",
    });
    expect(event('Sat Jun  1 09:59:59 2024 [pid 2410] CONNECT: Client "2001:db8::7"')).toMatchObject({
      source_type: "network",
      event_type: "connection_built",
      source_ip: "2001:db8::7",
      username: null,
    });
  });

  it("reads uploads and downloads with path, size and direction", () => {
    const upload = event(FILE_UPLOAD);
    expect(upload).toMatchObject({
      source_type: "network",
      event_type: "file_transfer",
      source_ip: "10.7.1.23",
      username: "bob",
      file_path: "/home/bob/audiogram-0612.pdf",
      bytes_transferred: 20480,
      result: "success",
    });
    expect(upload.metadata).toMatchObject({ decoder: "vsftpd", direction: "upload" });
    expect(
      event(
        'Sat Jun  1 10:03:00 2024 [pid 2416] [bob] FAIL DOWNLOAD: Client "10.7.1.23", "/etc/shadow", 0.00Kbyte/sec',
      ),
    ).toMatchObject({ event_type: "file_transfer", file_path: "/etc/shadow", result: "failure" });
  });

  it("leaves directory changes and other programs' lines alone", () => {
    expect(
      event('Sat Jun  1 10:04:00 2024 [pid 2416] [bob] OK MKDIR: Client "10.7.1.23", "/home/bob/x"')
        .source_type,
    ).toBe("generic");
    expect(
      event('Jun  1 10:00:00 h proftpd[1]: [bob] FAIL LOGIN: Client "1.2.3.4"').metadata?.decoder,
    ).not.toBe("vsftpd");
  });

  it("survives truncated lines without throwing", () => {
    for (const line of [FILE_LOGIN_FAIL, FILE_UPLOAD]) {
      for (const cut of prefixes(line, 3)) expect(() => event(cut)).not.toThrow();
    }
    expect(event('Sat Jun  1 10:00:00 2024 [pid 1] [x] FAIL LOGIN: Client "not-an-ip"').source_ip).toBeNull();
  });
});
