import type { IndicatorKind } from "../indicator-values.ts";
import { confidenceOf, dateOf, type ReadFile } from "./types.ts";

// The STIX object paths a pattern may compare, and the kind each gives (an ipv4-addr value may be a CIDR).
const PATHS: Record<string, IndicatorKind | undefined> = {
  "ipv4-addr:value": undefined,
  "ipv6-addr:value": undefined,
  "domain-name:value": "domain",
  "url:value": "url",
  "file:hashes.md5": "hash",
  "file:hashes.'md5'": "hash",
  "file:hashes.'sha-1'": "hash",
  "file:hashes.sha1": "hash",
  "file:hashes.'sha1'": "hash",
  "file:hashes.'sha-256'": "hash",
  "file:hashes.sha256": "hash",
  "file:hashes.'sha256'": "hash",
};

const COMPARISON = /^\s*([a-z0-9-]+:[a-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*$/i;

/**
 * The comparisons of a simple STIX pattern: `[path = 'value']`, several joined by OR inside or between
 * brackets. Null when the pattern uses anything else (AND, other operators, qualifiers).
 */
export function patternComparisons(pattern: string): { path: string; value: string }[] | null {
  const body = pattern.trim().replace(/^\[|\]$/g, "");
  const parts = body.split(/\]?\s+OR\s+\[?/);
  const comparisons: { path: string; value: string }[] = [];
  for (const part of parts) {
    const match = COMPARISON.exec(part);
    if (!match) return null;
    comparisons.push({ path: match[1]!.toLowerCase(), value: match[2]!.replace(/\\(.)/g, "$1") });
  }
  return comparisons;
}

/** The `indicator` objects of a STIX 2.1 bundle (or one indicator object); other types are refused. */
export function readStix(document: Record<string, unknown>): ReadFile {
  const objects = document.type === "bundle" ? document.objects : [document];
  const result: ReadFile = { indicators: [], refused: [] };
  if (!Array.isArray(objects)) return result;
  objects.forEach((object, index) => {
    const o = (object ?? {}) as Record<string, unknown>;
    const ref = typeof o.id === "string" ? o.id.slice(0, 120) : `objects[${index}]`;
    if (o.type !== "indicator") {
      result.refused.push({ ref, reason: `unknown STIX type "${String(o.type).slice(0, 40)}"` });
      return;
    }
    if (o.pattern_type !== undefined && o.pattern_type !== "stix") {
      result.refused.push({
        ref,
        reason: `pattern type "${String(o.pattern_type).slice(0, 40)}" is not read`,
      });
      return;
    }
    const comparisons = typeof o.pattern === "string" ? patternComparisons(o.pattern) : null;
    if (!comparisons) {
      result.refused.push({ ref, reason: "pattern is not [path = 'value'] comparisons joined by OR" });
      return;
    }
    const unknown = comparisons.find((c) => !(c.path in PATHS));
    if (unknown) {
      result.refused.push({ ref, reason: `pattern path ${unknown.path.slice(0, 60)} is not read` });
      return;
    }
    const confidence = confidenceOf(o.confidence);
    const expires_at = dateOf(o.valid_until);
    for (const { path, value } of comparisons)
      result.indicators.push({ ref, value, kind: PATHS[path], confidence, expires_at });
  });
  return result;
}
