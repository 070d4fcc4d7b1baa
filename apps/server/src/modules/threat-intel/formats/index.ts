import { mispEvents, readMisp } from "./misp.ts";
import { readStix } from "./stix.ts";
import { readTextList } from "./text-list.ts";
import { FatalFileError, type ReadFile } from "./types.ts";

/** The file formats an import reads; `auto` recognises them from the content. */
export const INDICATOR_FORMATS = ["auto", "text", "csv", "stix", "misp"] as const;
/** A format an import may name. */
export type IndicatorFormat = (typeof INDICATOR_FORMATS)[number];

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FatalFileError(`The file is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
};

const isStix = (doc: unknown) => {
  const type = (doc as { type?: unknown } | null)?.type;
  return type === "bundle" || type === "indicator";
};

// Each format's reader, from the file's text; JSON formats parse once and fail whole on bad JSON.
const READERS: Record<Exclude<IndicatorFormat, "auto">, (text: string) => ReadFile> = {
  text: readTextList,
  csv: readTextList,
  stix: (text) => {
    const doc = parseJson(text);
    if (!isStix(doc)) throw new FatalFileError("The JSON is not a STIX 2.1 bundle or indicator");
    return readStix(doc as Record<string, unknown>);
  },
  misp: (text) => {
    const events = mispEvents(parseJson(text));
    if (!events) throw new FatalFileError('The JSON is not a MISP event export ({"Event": …})');
    return readMisp(events);
  },
};

/** Which format a file is: JSON is STIX when it says `bundle`/`indicator`, else MISP; anything else is a list. */
export function recogniseFormat(text: string): Exclude<IndicatorFormat, "auto"> {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") return "text";
  return isStix(parseJson(text)) ? "stix" : "misp";
}

/** Reads an indicator file in the format named (or recognised); throws FatalFileError when it cannot be read at all. */
export function readIndicatorFile(text: string, format: IndicatorFormat): ReadFile {
  return READERS[format === "auto" ? recogniseFormat(text) : format](text);
}
