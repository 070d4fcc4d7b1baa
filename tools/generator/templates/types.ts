import type { Severity } from "@vigie/contracts";
import type { Random } from "../random.ts";
import type { Site } from "../sites.ts";

/** What a template needs to draw one event: randomness, the site it happens on, and when. */
export interface TemplateContext {
  rng: Random;
  site: Site;
  time: Date;
}

/** One drawn event, before the factory adds `source_type`, `site_id` and `timestamp`. */
export interface TemplateEvent {
  event_type: string;
  severity: Severity;
  message: string;
  /** The line the device itself would have written (syslog, iptables, Windows event...). */
  raw_log: string;
  source_ip?: string;
  dest_ip?: string;
  source_port?: number;
  dest_port?: number;
  hostname?: string;
  username?: string;
  mitre_tactic?: string;
  mitre_technique?: string;
  /** Source-specific fields (action, query, command_line...), kept as the normalizers expect them. */
  [field: string]: unknown;
}

/** A kind of event a source emits, and how often relative to the source's other kinds. */
export interface EventTemplate {
  weight: number;
  build(ctx: TemplateContext): TemplateEvent;
}
