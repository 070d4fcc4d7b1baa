import { toSyslogEvent } from "../syslog/event.ts";
import { genericJsonRecogniser } from "./generic.ts";
import { isObject } from "./json.ts";
import { nativeRecogniser } from "./native.ts";
import { suricataRecogniser } from "./network/suricata.ts";
import { zeekRecogniser } from "./network/zeek.ts";
import { syslogRowRecogniser } from "./syslog-row.ts";
import type { IngestRecord, Recognised, Recogniser } from "./types.ts";
import { evtxJsonRecogniser } from "./windows/evtx-json.ts";
import { fluentBitRecogniser } from "./windows/fluent-bit.ts";
import { securityEventRecogniser } from "./windows/log-analytics.ts";
import { nxlogRecogniser } from "./windows/nxlog.ts";
import { wazuhRecogniser } from "./windows/wazuh.ts";
import { winlogbeatRecogniser } from "./windows/winlogbeat.ts";

export type { IngestRecord, Recognised, Recogniser } from "./types.ts";

/**
 * The shipper formats of the raw ingest endpoint, tried in this order; the first whose `matches` holds
 * maps the document. Generic JSON comes last and takes anything, so no object is ever lost.
 */
export const RECOGNISERS: readonly Recogniser[] = [
  nativeRecogniser,
  evtxJsonRecogniser,
  winlogbeatRecogniser,
  wazuhRecogniser,
  securityEventRecogniser,
  syslogRowRecogniser,
  nxlogRecogniser,
  fluentBitRecogniser,
  zeekRecogniser,
  suricataRecogniser,
  genericJsonRecogniser,
];

const BY_NAME = new Map(RECOGNISERS.map((r) => [r.name, r]));

/** The `?format=` values: every recogniser's name. */
export const FORMAT_NAMES = RECOGNISERS.map((r) => r.name) as [string, ...string[]];

/** Deepest nesting accepted: deeper documents are refused (JSON.stringify would overflow the stack). */
export const MAX_DEPTH = 32;

/** A document the endpoint could not even parse (not JSON, over the size limit): refused with its reason. */
export class UnreadableDocument {
  constructor(
    readonly reason: string,
    /** The start of the text, kept in the dead letter for diagnosis. */
    readonly text: string,
  ) {}
}

/**
 * True when objects or arrays nest deeper than `max`. Recursive, but never deeper than `max` + 1 calls
 * (it stops there), so a hostile document cannot overflow the stack.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (max <= 0) return true;
  if (Array.isArray(value)) return value.some((item) => nestedDeeperThan(item, max - 1));
  for (const key in value)
    if (nestedDeeperThan((value as Record<string, unknown>)[key], max - 1)) return true;
  return false;
}

/** A recognised document and the format that read it (`syslog` for a JSON string), or why it was refused. */
export type RecognisedDocument = (Recognised & { ok: false }) | (Recognised & { ok: true; format: string });

function mapWith(recogniser: Recogniser, doc: Record<string, unknown>): RecognisedDocument {
  try {
    const recognised = recogniser.toEvent(doc);
    return recognised.ok ? { ...recognised, format: recogniser.name } : recognised;
  } catch (error) {
    // A recogniser bug refuses this document only; it never takes the request down.
    return { ok: false, error: `${recogniser.name}: could not be read (${(error as Error).message})` };
  }
}

/**
 * Maps one shipper document to an ingest record: with a `format` hint only that recogniser is tried (a
 * document that does not fit is refused, never guessed); a JSON string is read as a syslog line.
 */
export function recogniseDocument(doc: unknown, format?: string): RecognisedDocument {
  if (doc instanceof UnreadableDocument) return { ok: false, error: doc.reason };
  if (typeof doc === "string" && !format)
    return { ok: true, record: toSyslogEvent(doc) as IngestRecord, format: "syslog" };
  if (!isObject(doc)) return { ok: false, error: "document: expected a JSON object" };
  if (nestedDeeperThan(doc, MAX_DEPTH))
    return { ok: false, error: `document: nested deeper than ${MAX_DEPTH} levels` };
  if (format) {
    const recogniser = BY_NAME.get(format);
    if (!recogniser) return { ok: false, error: `format: unknown format "${format}"` };
    return recogniser.matches(doc)
      ? mapWith(recogniser, doc)
      : { ok: false, error: `document: not a ${format} document` };
  }
  const recogniser = RECOGNISERS.find((r) => r.matches(doc)) ?? genericJsonRecogniser;
  return mapWith(recogniser, doc);
}
