import { parseAllDocuments, stringify } from "yaml";

/** One Sigma document of a file, with what is needed to name it in an answer. */
export interface SigmaDocument {
  file: string;
  /** Its position among the rules of the file (1-based), for naming a rule without a title. */
  index: number;
  body: Record<string, unknown>;
  /** The document as written (a collection member: the merged document, as YAML). */
  yaml: string;
}

/** A file Vigie could not read as YAML at all. */
export interface SigmaFileError {
  file: string;
  message: string;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Deep-merges `over` onto `base` (maps merge, everything else replaces), as Sigma collections do. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isMap(current) && isMap(value) ? merge(current, value) : value;
  }
  return merged;
}

/**
 * Splits a YAML file into Sigma documents, applying `action: global` (shared by the documents after
 * it), `reset` (forget the global part) and `repeat` (the previous document with changes).
 */
export function readSigmaDocuments(text: string, file: string): SigmaDocument[] | SigmaFileError {
  const parsed = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(parsed)) return { file, message: "not a YAML document stream" };
  const documents: SigmaDocument[] = [];
  let global: Record<string, unknown> = {};
  let previous: Record<string, unknown> | null = null;
  const collection = parsed.length > 1;
  for (const doc of parsed) {
    const error = doc.errors[0];
    if (error) return { file, message: `invalid YAML: ${error.message.split("\n")[0]}` };
    const body = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (body === null || body === undefined) continue;
    if (!isMap(body)) return { file, message: "a Sigma document must be a YAML map" };
    const { action, ...rest } = body;
    if (action === "global") global = merge(global, rest);
    else if (action === "reset") global = {};
    else if (action === "repeat" && previous) previous = merge(previous, rest);
    else if (action !== undefined && action !== "repeat")
      return { file, message: `unknown collection action "${String(action)}"` };
    else previous = merge(global, rest);
    if (action === undefined || action === "repeat") {
      const merged = previous as Record<string, unknown>;
      documents.push({
        file,
        index: documents.length + 1,
        body: merged,
        yaml: collection ? stringify(merged) : text,
      });
    }
  }
  return documents;
}
