import { type IngestEvent, SEVERITIES, type Severity } from "@vigie/contracts";
import type { Random } from "./random.ts";
import { externalIp, type Site, siteOf } from "./sites.ts";
import { BURST_TEMPLATES } from "./templates/burst.ts";
import {
  type GeneratedSource,
  SOURCE_TEMPLATES,
  SOURCE_WEIGHTS,
  type TemplateEvent,
} from "./templates/index.ts";

/** Share of everyday events whose severity is raised one tier (a noisy device, a stricter policy). */
export const ESCALATION_RATE = 0.1;

/** What the generator sends: an ingest event with its device line, site, severity and event time. */
export type GeneratedEvent = IngestEvent & {
  source_type: GeneratedSource;
  raw_log: string;
  site_id: string;
  severity: Severity;
  timestamp: string;
  metadata: Record<string, unknown>;
};

/** Draws events for a set of sites. */
export interface EventFactory {
  /** One everyday event of a random source on a random site, 10 % of them escalated. */
  everyday(): GeneratedEvent;
  /** `size` high/critical events on one site from one attacker. */
  burst(size: number): GeneratedEvent[];
}

/** The next more severe tier (critical stays critical). */
export function escalate(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)]!;
}

/** Wraps a template's output into a full event. */
export function finish(
  source: GeneratedSource,
  site: Site,
  time: Date,
  drawn: TemplateEvent,
  metadata: Record<string, unknown> = {},
): GeneratedEvent {
  return {
    ...drawn,
    source_type: source,
    site_id: site.id,
    timestamp: time.toISOString(),
    metadata: { generator: "vigie-generator", ...metadata },
  };
}

/** An event factory over `siteIds`, drawing from `rng` and stamping events with `clock()`. */
export function createEventFactory(rng: Random, siteIds: readonly string[], clock: () => Date): EventFactory {
  const sites = siteIds.map(siteOf);
  return {
    everyday() {
      const [source, site, time] = [rng.weighted(SOURCE_WEIGHTS), rng.pick(sites), clock()];
      const drawn = rng.pickWeighted(SOURCE_TEMPLATES[source]).build({ rng, site, time });
      if (!rng.chance(ESCALATION_RATE)) return finish(source, site, time, drawn);
      return finish(
        source,
        site,
        time,
        { ...drawn, severity: escalate(drawn.severity) },
        { escalated: true },
      );
    },
    burst(size) {
      const [site, attacker] = [rng.pick(sites), externalIp(rng)];
      return Array.from({ length: size }, () => {
        const [template, time] = [rng.pickWeighted(BURST_TEMPLATES), clock()];
        return finish(template.source, site, time, template.build({ rng, site, time }, attacker), {
          burst: true,
        });
      });
    },
  };
}
