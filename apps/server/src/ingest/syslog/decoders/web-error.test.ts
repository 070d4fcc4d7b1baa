import { describe, expect, it } from "vitest";
import { event, prefixes } from "./test-support.ts";

const APACHE_DENIED =
  "[Sat Jun 01 10:00:00.123456 2024] [authz_core:error] [pid 31858:tid 140212] [client 203.0.113.8:38870] AH01630: client denied by server configuration: /var/www/intranet/admin/, referer: http://intranet.example/";
const NGINX_NOT_FOUND =
  '2024/06/01 10:00:00 [error] 1234#1234: *55 open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory), client: 198.51.100.23, server: audio007.example, request: "GET /wp-login.php HTTP/1.1", host: "audio007.example"';
const MODSEC =
  '[Sat Jun 01 10:01:00.000001 2024] [:error] [pid 17679] [client 203.0.113.8] ModSecurity: Access denied with code 403 (phase 2). Pattern match "union.*select" at ARGS:id. [file "/etc/modsecurity/crs/REQUEST-942-APPLICATION-ATTACK-SQLI.conf"] [line "45"] [id "942100"] [msg "SQL Injection Attack Detected via libinjection"] [severity "CRITICAL"] [tag "attack-sqli"] [hostname "audio007.example"] [uri "/patients.php"] [unique_id "ZltCAH8AAQEAAEJ3"]';

describe("Apache error log", () => {
  it("reads access refused by configuration, with client port, module, code, referer and time", () => {
    const e = event(APACHE_DENIED);
    expect(e).toMatchObject({
      source_type: "proxy",
      event_type: "web_blocked",
      source_ip: "203.0.113.8",
      source_port: 38870,
      url: "/var/www/intranet/admin/",
      status_code: 403,
      timestamp: new Date(2024, 5, 1, 10, 0, 0, 123).toISOString(),
    });
    expect(e.metadata).toMatchObject({
      decoder: "web-error",
      web_server: "apache",
      module: "authz_core",
      level: "error",
      error_code: "AH01630",
      referer: "http://intranet.example/",
    });
    expect(
      event(
        "[Sun Dec 04 04:47:44 2005] [error] [client 192.0.2.9] Directory index forbidden by rule: /var/www/html/",
      ),
    ).toMatchObject({
      event_type: "web_blocked",
      source_ip: "192.0.2.9",
      source_port: null,
    });
  });

  it("reads missing files and Basic-auth failures, from the file or through syslog", () => {
    expect(event("[error] [client 192.0.2.9] File does not exist: /var/www/html/default.ida")).toMatchObject({
      event_type: "http_request",
      status_code: 404,
      file_path: "/var/www/html/default.ida",
    });
    expect(
      event(
        'Jun  1 10:00:00 web01 httpd[811]: [auth_basic:error] [pid 811] [client 198.51.100.40:50022] AH01617: user admin: authentication failure for "/admin": Password Mismatch',
      ),
    ).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      username: "admin",
      source_ip: "198.51.100.40",
      auth_method: "basic",
      failure_reason: "password mismatch",
      url: "/admin",
      hostname: "web01",
    });
    expect(
      event("[Sat Jun 01 10:00:00 2024] [error] [client 198.51.100.40] user ghost not found: /admin"),
    ).toMatchObject({ event_type: "login_failure", username: "ghost", failure_reason: "unknown user" });
  });

  it("turns ModSecurity denials into IDS alerts with the rule id and message", () => {
    expect(event(MODSEC)).toMatchObject({
      source_type: "ids",
      event_type: "ids_alert",
      signature_id: "942100",
      signature_name: "SQL Injection Attack Detected via libinjection",
      classification: "attack-sqli",
      action: "blocked",
      url: "/patients.php",
      source_ip: "203.0.113.8",
    });
  });
});

describe("nginx error log", () => {
  it("reads missing files with the request's method and URL", () => {
    const e = event(NGINX_NOT_FOUND);
    expect(e).toMatchObject({
      source_type: "proxy",
      event_type: "http_request",
      status_code: 404,
      method: "GET",
      url: "/wp-login.php",
      file_path: "/usr/share/nginx/html/wp-login.php",
      source_ip: "198.51.100.23",
      timestamp: new Date(2024, 5, 1, 10, 0, 0).toISOString(),
    });
    expect(e.metadata).toMatchObject({
      web_server: "nginx",
      server_name: "audio007.example",
      host: "audio007.example",
    });
  });

  it("reads access forbidden by rule and Basic-auth failures, also through syslog without the date", () => {
    expect(
      event(
        'Jun  1 10:00:00 web02 nginx: [error] 1234#1234: *9 access forbidden by rule, client: 203.0.113.8, server: _, request: "GET /.env HTTP/1.1", host: "192.0.2.80"',
      ),
    ).toMatchObject({ event_type: "web_blocked", url: "/.env", source_ip: "203.0.113.8", hostname: "web02" });
    expect(
      event(
        '2024/06/01 10:00:00 [error] 1234#1234: *10 user "admin": password mismatch, client: 198.51.100.40, server: _, request: "GET /admin/ HTTP/1.1", host: "a"',
      ),
    ).toMatchObject({ source_type: "auth", event_type: "login_failure", username: "admin", url: "/admin/" });
    expect(
      event(
        '2024/06/01 10:00:00 [error] 1234#1234: *11 user "root" was not found in "/etc/nginx/.htpasswd", client: 198.51.100.40, server: _, request: "GET /admin/ HTTP/1.1"',
      ),
    ).toMatchObject({ event_type: "login_failure", username: "root", failure_reason: "unknown user" });
    expect(
      event(
        '2024/06/01 10:00:00 [error] 1234#1234: *12 no user/password was provided for basic authentication, client: 198.51.100.40, server: _, request: "GET /admin/ HTTP/1.1"',
      ),
    ).toMatchObject({ source_type: "proxy", event_type: "http_request", status_code: 401 });
  });

  it("types the server's other errors and notices, with their client, time and level", () => {
    const notice = event(
      "[Sat Jun 01 10:00:00.000001 2024] [:error] [pid 15816] [client 141.8.147.9:51507] PHP Notice:  Undefined index: id in /var/www/x.php on line 3",
    );
    expect(notice).toMatchObject({
      source_type: "application",
      event_type: "web_server_error",
      source_ip: "141.8.147.9",
      source_port: 51507,
      timestamp: new Date(2024, 5, 1, 10, 0, 0).toISOString(),
    });
    expect(notice.metadata).toMatchObject({ decoder: "web-error", level: "error" });
    expect(event("2024/06/01 10:00:00 [notice] 1#1: signal process started")).toMatchObject({
      event_type: "web_server_error",
      source_ip: null,
    });
    expect(
      event(
        `2024/06/01 10:00:00 [error] 80#0: *2 open() "/srv/${"A".repeat(300)}" failed (36: File name too long)`,
      ),
    ).toMatchObject({ event_type: "web_attack", attack_type: "overlong_uri" });
  });

  it("leaves access lines and kernel lines to others", () => {
    expect(
      event('198.51.100.77 - - [01/Jun/2024:10:00:00 +0200] "GET / HTTP/1.1" 200 5 "-" "curl/8"').metadata
        ?.decoder,
    ).toBe("access-log");
    expect(event("Jun  1 10:00:00 gw kernel: [ 3529.289825] usb 1-1: new device").source_type).toBe(
      "generic",
    );
  });

  it("survives truncated lines without throwing", () => {
    for (const line of [APACHE_DENIED, NGINX_NOT_FOUND, MODSEC]) {
      for (const cut of prefixes(line, 5)) expect(() => event(cut)).not.toThrow();
    }
    expect(event("[error] [client not-an-ip:99999] File does not exist: /x")).toMatchObject({
      source_ip: null,
      source_port: null,
    });
  });
});
