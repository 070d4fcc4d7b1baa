import { describe, expect, it } from "vitest";
import { event } from "./test-support.ts";

// Lines written by the project in the formats of wu-ftpd, klogind, logrotate and Red Hat init scripts.
describe("ftpd and classic Linux daemons", () => {
  it("reads ftpd connections with the client's address and name", () => {
    const e = event(
      "Jul  2 10:00:00 files ftpd[3101]: connection from 198.51.100.23 (dsl-23.example.net) at Sat Jul  2 10:00:00 2005",
    );
    expect(e).toMatchObject({ event_type: "connection_built", source_ip: "198.51.100.23", protocol: "ftp" });
    expect(e.metadata).toMatchObject({ decoder: "ftpd", rhost: "dsl-23.example.net" });
    expect(
      event("Jul  2 10:00:00 files ftpd[3102]: connection from 198.51.100.24 () at Sat Jul  2 10:00:00 2005")
        .metadata?.rhost,
    ).toBeUndefined();
    expect(
      event("Jul  2 10:00:01 files ftpd[3101]: FTP LOGIN FROM 198.51.100.23 [198.51.100.23], alice"),
    ).toMatchObject({
      event_type: "login_success",
      username: "alice",
    });
  });

  it("reads Kerberos rlogin failures, and services started, stopped or failed", () => {
    expect(
      event(
        "Jul  2 10:00:00 h klogind[77]: Authentication failed from 198.51.100.9 (198.51.100.9): Permission denied",
      ),
    ).toMatchObject({
      event_type: "login_failure",
      source_ip: "198.51.100.9",
      failure_reason: "Permission denied",
    });
    expect(event("Jul  2 10:00:00 h klogind[78]: Kerberos authentication failed ")).toMatchObject({
      event_type: "login_failure",
      source_ip: null,
    });
    expect(event("Jul  2 04:00:00 h logrotate: ALERT exited abnormally with [1]")).toMatchObject({
      event_type: "service_failed",
      service: "logrotate",
    });
    expect(event("Jul  2 04:00:00 h cups: cupsd shutdown succeeded")).toMatchObject({
      event_type: "service_stopped",
      service: "cupsd",
    });
    expect(event("Jul  2 04:00:00 h kernel: usbcore: registered new driver hub")).toMatchObject({
      event_type: "syslog",
    });
  });
});
