import { INDICATOR_KINDS, type IndicatorKind } from "../indicator-values.ts";
import { confidenceOf, dateOf, type ReadFile } from "./types.ts";

const COLUMNS = {
  value: ["value", "indicator", "ioc"],
  kind: ["kind", "type"],
  confidence: ["confidence"],
  expires_at: ["expires_at", "valid_until", "expiry"],
} as const;
type Column = keyof typeof COLUMNS;

/** Splits one CSV line on commas, honouring double quotes (`""` inside quotes is a quote). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      fields.push(field.trim());
      field = "";
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/** The column positions a header line names, or null when the line is not a header. */
function headerOf(line: string): Partial<Record<Column, number>> | null {
  const names = csvFields(line.toLowerCase());
  const positions: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const index = names.findIndex((name) => (COLUMNS[column] as readonly string[]).includes(name));
    if (index >= 0) positions[column] = index;
  }
  return positions.value === undefined ? null : positions;
}

/**
 * A plain list (one value a line) or CSV (a header naming `value`, and optionally `kind`, `confidence`,
 * `expires_at`; without a header the first column is the value). Blank lines and `#` comments are skipped;
 * refs are 1-based line numbers.
 */
export function readTextList(text: string): ReadFile {
  const lines = text.split(/\r?\n/);
  const header = headerOf(lines[0] ?? "");
  const at: Partial<Record<Column, number>> = header ?? { value: 0 };
  const result: ReadFile = { indicators: [], refused: [] };
  lines.forEach((line, index) => {
    if ((header && index === 0) || !line.trim() || line.trimStart().startsWith("#")) return;
    const fields = csvFields(line);
    const ref = `line ${index + 1}`;
    const pick = (column: Column) => (at[column] === undefined ? undefined : fields[at[column]!]);
    const kindText = pick("kind")?.toLowerCase();
    const kind = kindText ? KIND_NAMES[kindText] : undefined;
    if (kindText && !kind) {
      result.refused.push({ ref, reason: `unknown kind "${kindText.slice(0, 40)}"` });
      return;
    }
    const confidenceText = pick("confidence");
    const confidence = confidenceOf(confidenceText);
    if (confidenceText && confidence === undefined) {
      result.refused.push({ ref, reason: "confidence must be a whole number from 0 to 100" });
      return;
    }
    const expiresText = pick("expires_at");
    const expires = dateOf(expiresText);
    if (expiresText && !expires) {
      result.refused.push({ ref, reason: "expires_at is not a date" });
      return;
    }
    result.indicators.push({ ref, value: pick("value") ?? "", kind, confidence, expires_at: expires });
  });
  return result;
}

// The kinds a CSV column may name: ours, and the hash algorithms (all stored as `hash`).
const KIND_NAMES: Record<string, IndicatorKind> = {
  ...Object.fromEntries(INDICATOR_KINDS.map((kind) => [kind, kind])),
  ipv4: "ip",
  ipv6: "ip",
  md5: "hash",
  sha1: "hash",
  sha256: "hash",
};
