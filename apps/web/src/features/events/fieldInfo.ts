import type { LogEvent } from "@vigie/contracts";
import type { MessageKey, Translate } from "../../i18n/index.ts";

/** The JSON objects of an event whose keys the field panel and the column chooser offer. */
const JSON_ROOTS = ["normalized", "metadata"] as const;

/** A field name the search language reads (letters, digits, `_ @ . -`). */
export const FIELD_NAME = /^[\w@-]+(?:\.[\w@-]+)*$/;

/** The one-line description of a field: the registry's, or what a `normalized.*` / `metadata.*` key is. */
export function fieldDescription(t: Translate, name: string): string {
  const root = name.split(".")[0];
  if (name.includes(".") && (root === "normalized" || root === "metadata"))
    return t(`field.kind.${root}` as MessageKey);
  // A field outside the registry (a source's own) has no message: the lookup answers undefined.
  return (t(`field.${name}` as MessageKey) as string | undefined) ?? "";
}

/** The `normalized.*` and `metadata.*` keys with a value in some of these events, sorted. */
export function seenFields(events: Partial<Pick<LogEvent, "normalized" | "metadata">>[]): string[] {
  const names = new Set<string>();
  for (const event of events)
    for (const root of JSON_ROOTS)
      for (const [key, value] of Object.entries(event[root] ?? {}))
        if (value !== null && value !== undefined && FIELD_NAME.test(key)) names.add(`${root}.${key}`);
  return [...names].sort();
}

/** What an event holds under a field name: a column, a `normalized.*` / `metadata.*` path, or a source field. */
export function fieldValue(event: object, name: string): string | undefined {
  const [root, ...path] = name.split(".");
  const source = event as Record<string, unknown>;
  let value: unknown =
    path.length && (JSON_ROOTS as readonly string[]).includes(root!)
      ? path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], source[root!])
      : name in source
        ? source[name]
        : (source.normalized as Record<string, unknown> | undefined)?.[name];
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "object") value = JSON.stringify(value);
  return String(value);
}
