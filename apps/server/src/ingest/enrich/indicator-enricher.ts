import type { IndicatorMatch, MatchableEvent } from "../../modules/threat-intel/indicator-index.ts";
import type { Enricher } from "./types.ts";

/** Answers which indicator an event carries (the node's `IndicatorSet`). */
export interface IndicatorLookup {
  match(event: MatchableEvent): IndicatorMatch | null;
}

/** The `normalized` keys an indicator match writes (docs/THREAT-INTEL.md). */
export const INDICATOR_KEYS = {
  value: "threat_indicator",
  kind: "threat_indicator_kind",
  source: "threat_indicator_source",
  confidence: "threat_indicator_confidence",
  field: "threat_indicator_field",
} as const;

/** Writes a match's keys into an event's `normalized` document. */
export function tagWithIndicator(normalized: Record<string, unknown>, match: IndicatorMatch): void {
  normalized[INDICATOR_KEYS.value] = match.value;
  normalized[INDICATOR_KEYS.kind] = match.kind;
  normalized[INDICATOR_KEYS.source] = match.source;
  normalized[INDICATOR_KEYS.confidence] = match.confidence;
  normalized[INDICATOR_KEYS.field] = match.field;
}

/**
 * Tags an event carrying a listed address, domain, URL or hash with the indicator (the most confident
 * when several match); the default rule "Threat Indicator Match" alerts on the tag.
 */
export function indicatorEnricher(indicators: IndicatorLookup): Enricher {
  return {
    name: "threat-intel",
    enrich(row) {
      const match = indicators.match(row);
      if (match) tagWithIndicator(row.normalized, match);
      // Only Vigie says an event carries an indicator: a sender's own key would raise a false alert.
      else if (INDICATOR_KEYS.value in row.normalized)
        for (const key of Object.values(INDICATOR_KEYS)) delete row.normalized[key];
    },
  };
}
