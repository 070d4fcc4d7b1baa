import { describe, expect, it } from "vitest";
import { event } from "./decoders/test-support.ts";

// Lines written by the project in OpenSSH's and Linux-PAM's formats.
describe("counting authentication attempts", () => {
  it("gives every line of one sshd connection the same attempt id", () => {
    const lines = [
      "Jun  1 10:00:00 bastion sshd[4242]: Invalid user backup from 198.51.100.7 port 40022",
      "Jun  1 10:00:00 bastion sshd[4242]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.7",
      "Jun  1 10:00:02 bastion sshd[4242]: Failed password for invalid user backup from 198.51.100.7 port 40022 ssh2",
    ].map(event);
    const ids = new Set(lines.map((e) => e.metadata?.attempt_id));
    expect([...ids]).toEqual(["bastion/sshd[4242]"]);
    for (const e of lines) expect(e.metadata).toMatchObject({ remote_host: "198.51.100.7" });
    expect(
      event("Jun  1 10:00:05 bastion sshd[4243]: Failed password for root from 198.51.100.7 port 40023 ssh2")
        .metadata,
    ).toMatchObject({ attempt_id: "bastion/sshd[4243]" });
  });

  it("names the remote host when PAM or sshd log a host name instead of an address", () => {
    const pam = event(
      "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=Scanner.Example.NET",
    );
    expect(pam).toMatchObject({ source_ip: null, event_type: "login_failure" });
    expect(pam.metadata).toMatchObject({
      remote_host: "scanner.example.net",
      attempt_id: "combo/sshd[19939]",
    });
    const named = event(
      "Jun  1 10:00:00 h sshd[77]: Failed password for root from scanner.example.net port 22 ssh2",
    );
    expect(named.metadata).toMatchObject({ remote_host: "scanner.example.net", attempt_id: "h/sshd[77]" });
  });

  it("types a connection that exhausts its tries, and leaves successes without an attempt id", () => {
    expect(
      event(
        "Jun  1 10:00:00 h sshd[9]: error: maximum authentication attempts exceeded for root from 198.51.100.7 port 4 ssh2 [preauth]",
      ),
    ).toMatchObject({ event_type: "max_retries_exceeded", username: "root" });
    expect(
      event(
        "Jun  1 10:00:00 h sudo:     mike : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/bin/ls",
      ),
    ).toMatchObject({ event_type: "max_retries_exceeded", username: "mike" });
    const success = event(
      "Jun  1 10:00:00 h sshd[10]: Accepted password for alice from 198.51.100.7 port 4 ssh2",
    );
    expect(success.metadata?.attempt_id).toBeUndefined();
    expect(success.metadata).toMatchObject({ remote_host: "198.51.100.7" });
  });

  it("types sshd's forwarding, session and configuration errors", () => {
    expect(
      event("Jun  1 10:00:00 h sshd[1]: debug1: channel 3: connection failed: Connection refused"),
    ).toMatchObject({
      event_type: "forwarding_failed",
    });
    expect(
      event(
        "Jun  1 10:00:00 h sshd[1]: subsystem request for sftp by user carol failed, subsystem not found",
      ),
    ).toMatchObject({ event_type: "session_error", username: "carol" });
    expect(
      event('Jun  1 10:00:00 h sshd[1]: error: Could not stat AuthorizedKeysCommand "/usr/bin/ldapkeys"'),
    ).toMatchObject({ event_type: "config_error" });
  });
});
