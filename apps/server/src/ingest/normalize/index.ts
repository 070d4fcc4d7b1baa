import type { SourceType } from "@vigie/contracts";
import { activeDirectoryNormalizer } from "./active-directory.ts";
import { applicationNormalizer } from "./application.ts";
import { authNormalizer } from "./auth.ts";
import { dnsNormalizer } from "./dns.ts";
import { emailNormalizer } from "./email.ts";
import { endpointNormalizer } from "./endpoint.ts";
import type { Normalizer } from "./fields.ts";
import { firewallNormalizer } from "./firewall.ts";
import { genericNormalizer } from "./generic.ts";
import { idsNormalizer } from "./ids.ts";
import { networkNormalizer } from "./network.ts";
import { proxyNormalizer } from "./proxy.ts";

export type { FieldKind, FieldSpec, Normalizer } from "./fields.ts";
export { MAX_NORMALIZED_TEXT } from "./fields.ts";

/** One normalizer per source type (CONTRACT §3.1); adding a source type means adding one entry here. */
export const normalizers: Readonly<Record<SourceType, Normalizer>> = {
  firewall: firewallNormalizer,
  ids: idsNormalizer,
  auth: authNormalizer,
  endpoint: endpointNormalizer,
  dns: dnsNormalizer,
  proxy: proxyNormalizer,
  network: networkNormalizer,
  email: emailNormalizer,
  active_directory: activeDirectoryNormalizer,
  application: applicationNormalizer,
  generic: genericNormalizer,
};

/** The event type used when neither the input nor its normalizer names one. */
export const UNKNOWN_EVENT_TYPE = "unknown";

/** The normalizer of a source type; an unexpected value (not validated upstream) gets the generic one. */
function normalizerFor(sourceType: SourceType): Normalizer {
  return Object.hasOwn(normalizers, sourceType) ? normalizers[sourceType] : normalizers.generic;
}

/** The `normalized` object of an event: every key of its source type, null when the input lacks it. */
export function normalize(sourceType: SourceType, input: Record<string, unknown>): Record<string, unknown> {
  return normalizerFor(sourceType).normalize(input);
}

/** An `event_type` for an input that submitted none, guessed from its normalized fields, else "unknown". */
export function inferEventType(sourceType: SourceType, normalized: Record<string, unknown>): string {
  return normalizerFor(sourceType).inferEventType?.(normalized) ?? UNKNOWN_EVENT_TYPE;
}
