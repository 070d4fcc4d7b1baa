import { suricataDecoder } from "../../syslog/decoders/suricata.ts";
import { emptyMessage } from "../../syslog/parse/envelope.ts";
import type { ParsedMessage } from "../../syslog/types.ts";
import { flatten } from "../generic.ts";
import { textOf } from "../json.ts";
import type { IngestRecord, Recogniser } from "../types.ts";

const asParsed = (json: Record<string, unknown>): ParsedMessage => ({
  ...emptyMessage("", ""),
  program: "suricata",
  json,
});

/** Suricata EVE JSON: the syslog decoder's mapping (one mapping for both paths), every EVE field kept. */
export const suricataRecogniser: Recogniser = {
  name: "suricata",
  matches: (doc) => suricataDecoder.matches(asParsed(doc)),
  toEvent(doc) {
    const decoded = suricataDecoder.decode(asParsed(doc));
    if (!decoded) return { ok: false, error: "suricata: not an EVE record" };
    const alert = (doc.alert ?? {}) as Record<string, unknown>;
    const record = {
      hostname: textOf(doc.host)?.slice(0, 255) ?? null,
      message: textOf(alert.signature) ?? `suricata ${String(doc.event_type)}`,
      ...decoded,
      metadata: { ...(decoded.metadata ?? {}), format: "suricata" },
      source_fields: flatten(doc),
    } as IngestRecord;
    return { ok: true, record };
  },
};
