import { fromVendorSeverity } from "../severity.ts";
import type { VendorPayload } from "../types.ts";

const CEF_HEADER_FIELDS = 7;
// An extension key starts after the beginning or whitespace; keys never contain a backslash, so `\=` is no key.
const EXTENSION_KEY_RE = /(?:^|\s)([\w.\-[\]]+)=/g;
const EXTENSION_ESCAPES: Record<string, string> = { "=": "=", "\\": "\\", n: "\n", r: "\r" };

/**
 * Splits `text` on unescaped `|` into at most `count` fields (the last one keeps the rest, pipes included),
 * undoing the header escapes `\|` and `\\`.
 */
export function splitHeader(text: string, count: number): string[] {
  const fields: string[] = [];
  let current = "";
  let i = 0;
  for (; i < text.length && fields.length < count - 1; i++) {
    const c = text[i]!;
    if (c === "\\" && (text[i + 1] === "|" || text[i + 1] === "\\")) {
      current += text[++i];
    } else if (c === "|") {
      fields.push(current);
      current = "";
    } else current += c;
  }
  fields.push(current + text.slice(i));
  return fields;
}

/** Parses a CEF extension (`key=value key2=value with spaces`) with the `\=`, `\\`, `\n`, `\r` escapes. */
export function parseCefExtension(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const keys = [...text.matchAll(EXTENSION_KEY_RE)];
  keys.forEach((match, index) => {
    const valueStart = match.index + match[0].length;
    const valueEnd = keys[index + 1]?.index ?? text.length;
    fields[match[1]!] = unescapeValue(text.slice(valueStart, valueEnd).trim());
  });
  return fields;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([=\\nr])/g, (_, c: string) => EXTENSION_ESCAPES[c] ?? c);
}

/** Parses `CEF:0|vendor|product|version|class id|name|severity|extension`; null when it is not CEF. */
export function parseCef(text: string): VendorPayload | null {
  if (!text.startsWith("CEF:")) return null;
  const header = splitHeader(text.slice(4), CEF_HEADER_FIELDS + 1);
  if (header.length < CEF_HEADER_FIELDS) return null;
  const [version, vendor, product, productVersion, eventId, name, severity, extension] = header;
  return {
    kind: "cef",
    version: version!,
    vendor: vendor!,
    product: product!,
    productVersion: productVersion!,
    eventId: eventId!,
    name: name!,
    severity: fromVendorSeverity(severity),
    fields: parseCefExtension(extension ?? ""),
  };
}
