/** A submitted value as a refusal message quotes it: JSON, cut to 100 characters. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
