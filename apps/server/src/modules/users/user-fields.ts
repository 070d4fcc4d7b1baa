import { ROLES } from "@vigie/contracts";
import { z } from "zod";

/** A username: 3–32 letters, digits and `. _ @ -`. */
export const Username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9._@-]+$/, "Use letters, digits and . _ @ - only");
/** An email address. */
export const Email = z.email().max(254);
/** A password as received; the policy (length, common passwords) is checked by the auth service. */
export const Password = z.string().min(1).max(1024);
/** A role name (an unknown role is a 422). */
export const RoleField = z.enum(ROLES);
/** Whether the runtime knows an IANA time zone name (`Europe/Paris`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
/** A user's time zone: an IANA name the runtime knows, or null for "the browser's own". */
export const TimeZoneField = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, "Unknown time zone: use an IANA name such as Europe/Paris")
  .nullable();
/** The public view of a user, as returned by the API (never the hash). */
export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: RoleField,
  is_active: z.boolean(),
  last_login: z.string().nullable(),
  time_zone: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
