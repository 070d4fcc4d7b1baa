/** A value as the search language reads it literally: in double quotes, `"` and `\` escaped. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A value as typed after `field:`: bare when it is one plain word, quoted otherwise. */
export function valueText(value: string): string {
  return /^[\w.@/-]+$/.test(value) ? value : quoted(value);
}

/** The test of a field's value, or of its absence with `exclude` (`NOT field:"value"`). */
export function fieldClause(field: string, value: string, exclude = false): string {
  const test = `${field}:${quoted(value)}`;
  return exclude ? `NOT ${test}` : test;
}

/** Whether OR appears outside quotes: AND binds tighter, so such a query is grouped before adding to it. */
function hasOr(q: string): boolean {
  return /(^|\s|\))OR(\s|\(|$)/.test(q.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
}

/** `q` with one more clause AND-ed to it (the field panel's include / exclude); the same clause is not added twice. */
export function andClause(q: string | undefined, clause: string): string {
  const current = (q ?? "").trim();
  if (!current) return clause;
  if (current === clause || current.endsWith(` AND ${clause}`)) return current;
  return `${hasOr(current) ? `(${current})` : current} AND ${clause}`;
}
