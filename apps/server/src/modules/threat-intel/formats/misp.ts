import type { IndicatorKind } from "../indicator-values.ts";
import type { ReadFile } from "./types.ts";

// The MISP attribute types read, and the kind each gives (an IP attribute may hold a CIDR: recognised).
const TYPES: Record<string, IndicatorKind | undefined> = {
  "ip-src": undefined,
  "ip-dst": undefined,
  domain: "domain",
  hostname: "domain",
  url: "url",
  md5: "hash",
  sha1: "hash",
  sha256: "hash",
};

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** The events of a MISP export: `{Event}`, `{response: [{Event}]}`, or a list of `{Event}`. */
export function mispEvents(document: unknown): Json[] | null {
  const items = Array.isArray(document) ? document : [document];
  const events = items.flatMap((item) => {
    const i = (item ?? {}) as Json;
    if (Array.isArray(i.response)) return list(i.response).map((r) => r.Event as Json);
    return [i.Event as Json];
  });
  return events.every((event) => event && typeof event === "object") && events.length ? events : null;
}

/** The attributes of MISP events (and of their objects) of the types Vigie matches; others are refused. */
export function readMisp(events: Json[]): ReadFile {
  const result: ReadFile = { indicators: [], refused: [] };
  events.forEach((event, e) => {
    const attributes = [
      ...list(event.Attribute).map((a, i) => ({ a, at: `Event[${e}].Attribute[${i}]` })),
      ...list(event.Object).flatMap((o, j) =>
        list(o.Attribute).map((a, i) => ({ a, at: `Event[${e}].Object[${j}].Attribute[${i}]` })),
      ),
    ];
    for (const { a, at } of attributes) {
      const ref = typeof a.uuid === "string" ? a.uuid.slice(0, 64) : at;
      const type = String(a.type);
      if (!(type in TYPES)) {
        result.refused.push({ ref, reason: `MISP type "${type.slice(0, 40)}" is not read` });
        continue;
      }
      if (typeof a.value !== "string") {
        result.refused.push({ ref, reason: "value is not text" });
        continue;
      }
      // MISP attributes carry no expiry: the import's default applies.
      result.indicators.push({ ref, value: a.value, kind: TYPES[type] });
    }
  });
  return result;
}
