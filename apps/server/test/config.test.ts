import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../src/config.ts";

describe("config", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      VIGIE_INGEST_AUTH: "token",
      VIGIE_ALLOW_REGISTRATION: false,
      VIGIE_ROLES: ["api", "ingest", "detect", "worker"],
      VIGIE_HEAP_GROWTH_PERCENT: 50,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it("reports every invalid variable at once", () => {
    try {
      loadConfig({
        PORT: "99999",
        VIGIE_INGEST_AUTH: "maybe",
        VIGIE_ROLES: "api,cook",
        VIGIE_SECRET_KEY: "short",
        VIGIE_HEAP_GROWTH_PERCENT: "-5",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join("\n");
      for (const name of [
        "PORT",
        "VIGIE_INGEST_AUTH",
        "VIGIE_ROLES",
        "VIGIE_SECRET_KEY",
        "VIGIE_HEAP_GROWTH_PERCENT",
      ])
        expect(text).toContain(name);
    }
  });

  it("treats empty strings as unset and parses booleans and roles", () => {
    const config = loadConfig({
      DATABASE_URL: "",
      VIGIE_ALLOW_REGISTRATION: "true",
      VIGIE_ROLES: "ingest, detect",
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.VIGIE_ALLOW_REGISTRATION).toBe(true);
    expect(config.VIGIE_ROLES).toEqual(["ingest", "detect"]);
  });

  it("refuses a metrics token shorter than 16 characters", () => {
    expect(() => loadConfig({ VIGIE_METRICS_TOKEN: "short" })).toThrow(/VIGIE_METRICS_TOKEN/);
  });

  it("needs a certificate and key for syslog over TLS", () => {
    expect(() => loadConfig({ VIGIE_SYSLOG_TLS_PORT: "6514" })).toThrow(/VIGIE_SYSLOG_TLS_CERT/);
  });

  it("redacts secrets and URL passwords in the summary", () => {
    const summary = describeConfig(
      loadConfig({
        VIGIE_SECRET_KEY: "s".repeat(40),
        VIGIE_ADMIN_PASSWORD: "hunter22!",
        VIGIE_METRICS_TOKEN: "scraper-token-0123456789",
        DATABASE_URL: "postgres://vigie:pw@db:5432/vigie",
        VIGIE_SMTP_URL: "smtps://u:secret@mail:465",
      }),
    );
    const text = JSON.stringify(summary);
    for (const secret of ["s".repeat(40), "hunter22!", "scraper-token", ":pw@", "secret@"])
      expect(text).not.toContain(secret);
    expect(summary.VIGIE_SECRET_KEY).toBe("[redacted]");
    expect(summary.DATABASE_URL).toContain("db:5432");
  });
});
