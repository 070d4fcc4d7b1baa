import { isIP } from "node:net";
import type { ErrorDetail } from "../../http/errors.ts";
import { shown } from "./shown.ts";

/** The address fields of the event model: each holds one IPv4 or IPv6 address, or nothing. */
export const ADDRESS_FIELDS = ["source_ip", "dest_ip"] as const;

/** Where a decoded record keeps the address values it could not store as addresses. */
export const INVALID_ADDRESSES_KEY = "invalid_addresses";

/** True for one IPv4 or IPv6 address (`10.0.0.1`, `2001:db8::1`, `::ffff:10.0.0.1`, `fe80::1%eth0`). */
export function isAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** The address fields of `record` that hold something other than an address (null, absent and "" are fine). */
export function invalidAddresses(record: Record<string, unknown>): Map<string, unknown> {
  const invalid = new Map<string, unknown>();
  for (const field of ADDRESS_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string" || !isAddress(value)) invalid.set(field, value);
  }
  return invalid;
}

/** The refusal of a record whose address fields are not addresses: one detail per field. */
export function addressDetails(invalid: Map<string, unknown>): ErrorDetail[] {
  return [...invalid].map(([field, value]) => ({
    field,
    message: `${shown(value)} is not an IP address`,
    type: "ip",
  }));
}

/**
 * A decoded record keeps its line: the values that are not addresses leave the address fields for
 * `metadata.invalid_addresses`, so nothing the device said is lost and no column holds a non-address.
 */
export function moveToMetadata<T extends Record<string, unknown>>(
  record: T,
  invalid: Map<string, unknown>,
): T {
  const metadata = isObject(record.metadata) ? record.metadata : {};
  const kept = metadata[INVALID_ADDRESSES_KEY];
  const moved: Record<string, unknown> = isObject(kept) ? { ...kept } : {};
  const out: Record<string, unknown> = { ...record };
  for (const [field, value] of invalid) {
    moved[field] = value;
    out[field] = null;
  }
  out.metadata = { ...metadata, [INVALID_ADDRESSES_KEY]: moved };
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
