import { SOURCE_TYPES } from "@vigie/contracts";
import type { IngestRecord, Recogniser } from "./types.ts";

const KNOWN = new Set<unknown>(SOURCE_TYPES);

/** A native ingest body (it names its `source_type`): taken as the native endpoint would take it. */
export const nativeRecogniser: Recogniser = {
  name: "native",
  matches: (doc) => KNOWN.has(doc.source_type),
  toEvent: (doc) => ({ ok: true, record: doc as IngestRecord }),
};
