import { isIP } from "node:net";
import { z } from "zod";

/** A site id: letters, digits, `_ - .` (the reference sites are `AUDIO_001` … `AUDIO_030`). */
export const SiteId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "Use 1–64 letters, digits and _ - . only");

/** Whether a string is an IPv4/IPv6 address or CIDR network (`10.7.0.0/16`, `fd00::/8`). */
export function isNetwork(value: string): boolean {
  const [address = "", prefix, extra] = value.split("/");
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The sender networks syslog maps to a site. */
export const Networks = z
  .array(z.string().trim().refine(isNetwork, "Not an IP address or CIDR network"))
  .max(100);

/** The fields an admin sets on a site. */
export const SiteBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  networks: Networks.optional(),
});
