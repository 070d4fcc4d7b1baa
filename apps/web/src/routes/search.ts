/** Keeps the string-valued search params a page knows about, dropping anything else (URLs are user input). */
export function pickStrings<K extends string>(
  search: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = search[key];
    if (typeof value === "string" && value !== "") out[key] = value;
    else if (typeof value === "number") out[key] = String(value);
  }
  return out;
}

/** A page number from the URL, 1 when absent or nonsense. */
export function pickPage(search: Record<string, unknown>): number | undefined {
  const page = Number(search.page);
  return Number.isInteger(page) && page > 1 ? page : undefined;
}
