import type { IngestEvent } from "@vigie/contracts";

/**
 * An ingest record (the native ingest body): the contract fields, contract keys read by the normalizers,
 * and `source_fields`, the source's own fields under its own names (kept in `normalized`).
 */
export type IngestRecord = IngestEvent & Record<string, unknown>;

/** A recogniser's outcome: the record to ingest, or why the document is refused (never guessed). */
export type Recognised = { ok: true; record: IngestRecord } | { ok: false; error: string };

/** One shipper format of the raw ingest endpoint: a cheap test and the mapping to an ingest record. */
export interface Recogniser {
  /** The `?format=` name. */
  name: string;
  /** Cheap structural test: true when the document looks like this format. */
  matches(doc: Record<string, unknown>): boolean;
  /** The record for a matching document, or why it is refused. */
  toEvent(doc: Record<string, unknown>): Recognised;
}
