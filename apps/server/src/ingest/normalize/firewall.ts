import { defineNormalizer, lookupEventType } from "./fields.ts";

const ACTION_EVENT_TYPES: Readonly<Record<string, string>> = {
  deny: "firewall_deny",
  denied: "firewall_deny",
  drop: "firewall_deny",
  dropped: "firewall_deny",
  block: "firewall_deny",
  blocked: "firewall_deny",
  reject: "firewall_deny",
  rejected: "firewall_deny",
  allow: "firewall_allow",
  allowed: "firewall_allow",
  accept: "firewall_allow",
  accepted: "firewall_allow",
  pass: "firewall_allow",
  permit: "firewall_allow",
  permitted: "firewall_allow",
};

/** Firewall connections (pfSense, FortiGate, iptables, CEF `act`...): action, protocol, bytes, rule. */
export const firewallNormalizer = defineNormalizer(
  {
    action: { kind: "text", aliases: ["act", "event.action"] },
    protocol: { kind: "text", aliases: ["proto", "transport", "network.transport"] },
    bytes_sent: {
      kind: "number",
      aliases: ["bytes_out", "sent_bytes", "sentbyte", "flow.bytes_toserver", "source.bytes"],
    },
    bytes_received: {
      kind: "number",
      aliases: ["bytes_in", "received_bytes", "rcvdbyte", "flow.bytes_toclient", "destination.bytes"],
    },
    rule_name: { kind: "text", aliases: ["rule", "policy", "policy_name", "policyname", "rule.name"] },
  },
  (normalized) => lookupEventType(ACTION_EVENT_TYPES, normalized.action),
);
