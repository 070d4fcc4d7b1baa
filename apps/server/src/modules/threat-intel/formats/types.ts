import type { IndicatorKind } from "../indicator-values.ts";

/** One indicator read from a file, before normalisation; `ref` names its line or object in the report. */
export interface ReadIndicator {
  ref: string;
  value: string;
  /** When the file says which kind it is (STIX, MISP, a CSV `kind` column); otherwise recognised. */
  kind?: IndicatorKind;
  confidence?: number;
  expires_at?: Date | null;
}

/** A line or object of a file that was not imported, and why. */
export interface Refusal {
  ref: string;
  reason: string;
}

/** What a file holds: the indicators it lists and what was refused. */
export interface ReadFile {
  indicators: ReadIndicator[];
  refused: Refusal[];
}

/** An error that stops the whole import (nothing is stored). */
export class FatalFileError extends Error {}

/** A date of a file, or undefined when absent or not a date (the caller's default applies). */
export function dateOf(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(typeof value === "number" ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A confidence of 0–100 from a file, or undefined. */
export function confidenceOf(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 100 ? n : undefined;
}
