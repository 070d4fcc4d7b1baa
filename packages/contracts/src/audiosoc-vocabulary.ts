/**
 * The AudioSOC v1 client's event types that Vigie knows under another name (docs/AUDIOSOC.md). Its other types
 * (`port_scan`, `malware_detected`, `privilege_escalation`, `data_exfiltration`, …) are already Vigie's.
 */
export const AUDIOSOC_EVENT_TYPES: Readonly<Record<string, string>> = {
  auth_failure: "login_failure",
  auth_failed: "login_failure",
  failed_login: "login_failure",
  auth_success: "login_success",
  successful_login: "login_success",
  usb_device: "usb_device_connected",
  usb_inserted: "usb_device_connected",
  firewall_block: "firewall_deny",
  firewall_blocked: "firewall_deny",
  connection_blocked: "firewall_deny",
  intrusion_attempt: "ids_alert",
  intrusion_detected: "ids_alert",
  malware: "malware_detected",
  virus_detected: "malware_detected",
  account_lockout: "account_locked",
  account_created: "user_created",
  new_user: "user_created",
  config_changed: "config_change",
  configuration_change: "config_change",
  suspicious_process: "process_execution",
  dns_request: "dns_query",
};

/** Vigie's name for an AudioSOC v1 event type; a type Vigie already uses (or does not know) is kept as it is. */
export function fromAudioSocEventType(eventType: string): string {
  return Object.hasOwn(AUDIOSOC_EVENT_TYPES, eventType) ? AUDIOSOC_EVENT_TYPES[eventType]! : eventType;
}
