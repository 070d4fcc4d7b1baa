/* Logon types and failure status codes, turned into the words the auth contract keys use. */

const LOGON_TYPES: Record<string, string> = {
  "2": "interactive",
  "3": "network",
  "4": "batch",
  "5": "service",
  "7": "unlock",
  "8": "network_cleartext",
  "9": "new_credentials",
  "10": "remote_interactive",
  "11": "cached_interactive",
};

/** The name of a logon type (10 → remote_interactive, i.e. RDP), or null. */
export function logonTypeName(value: unknown): string | null {
  const key = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  return LOGON_TYPES[key] ?? null;
}

// NTSTATUS codes of failed logons (4625 Status/SubStatus, 4771/4776 Status), lower case.
const STATUS_REASONS: Record<string, string> = {
  "0xc000006a": "bad_password",
  "0xc0000064": "unknown_user",
  "0xc000006d": "bad_credentials",
  "0xc000006f": "outside_allowed_hours",
  "0xc0000070": "workstation_not_allowed",
  "0xc0000071": "password_expired",
  "0xc0000072": "account_disabled",
  "0xc0000193": "account_expired",
  "0xc0000224": "password_must_change",
  "0xc0000234": "account_locked",
  "0xc000015b": "logon_type_not_granted",
  "0x18": "bad_password",
  "0x6": "unknown_user",
  "0x12": "account_disabled_or_locked",
  "0x17": "password_expired",
};

/** Why a logon failed, from the most precise status the event carries; the raw code when unknown. */
export function failureReason(...statuses: unknown[]): string | null {
  for (const status of statuses) {
    if (typeof status !== "string") continue;
    const code = status.trim().toLowerCase();
    if (!code || code === "0x0" || code === "-" || code.startsWith("%%")) continue;
    return STATUS_REASONS[code] ?? code;
  }
  return null;
}
