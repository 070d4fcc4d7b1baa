import type { SourceType } from "@vigie/contracts";
import { applicationTemplates, endpointTemplates } from "./hosts.ts";
import { activeDirectoryTemplates, authTemplates } from "./identity.ts";
import { firewallTemplates, idsTemplates, networkTemplates } from "./network-edge.ts";
import type { EventTemplate } from "./types.ts";
import { dnsTemplates, emailTemplates, proxyTemplates } from "./web.ts";

export type { EventTemplate, TemplateContext, TemplateEvent } from "./types.ts";

/** The sources a real centre has (everything but `generic`). */
export type GeneratedSource = Exclude<SourceType, "generic">;

/** How often each source speaks, in percent: a centre's firewall is by far the chattiest device. */
export const SOURCE_WEIGHTS: Readonly<Record<GeneratedSource, number>> = {
  firewall: 30,
  auth: 18,
  endpoint: 14,
  dns: 10,
  proxy: 9,
  ids: 7,
  email: 5,
  active_directory: 4,
  application: 2,
  network: 1,
};

/** The event templates of each source; adding a source means adding one entry here and one weight above. */
export const SOURCE_TEMPLATES: Readonly<Record<GeneratedSource, readonly EventTemplate[]>> = {
  firewall: firewallTemplates,
  auth: authTemplates,
  endpoint: endpointTemplates,
  dns: dnsTemplates,
  proxy: proxyTemplates,
  ids: idsTemplates,
  email: emailTemplates,
  active_directory: activeDirectoryTemplates,
  application: applicationTemplates,
  network: networkTemplates,
};
