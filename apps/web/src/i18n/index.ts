import { useCallback } from "react";
import { type Locale, useLocaleStore } from "../stores/locale.ts";
import { en, type MessageKey } from "./en.ts";
import { fr } from "./fr.ts";

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Looks a message up and fills `{name}` placeholders; unknown placeholders are left visible to be noticed. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = DICTIONARIES[locale][key] ?? en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The translate function for the current locale; components re-render when the locale changes. */
export function useT(): Translate {
  const locale = useLocaleStore((s) => s.locale);
  return useCallback<Translate>((key, vars) => translate(locale, key, vars), [locale]);
}

/** Formats a timestamp in the user's locale (24 h clock, seconds: analysts correlate by the second). */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale === "fr" ? "fr-FR" : "en-GB", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

/** Formats a count with the locale's grouping (12 345 / 12,345). */
export function formatNumber(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined
    ? "—"
    : value.toLocaleString(locale === "fr" ? "fr-FR" : "en-GB");
}

/** Hooks the locale-aware formatters to the current locale. */
export function useFormat() {
  const locale = useLocaleStore((s) => s.locale);
  return {
    locale,
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale),
    number: (value: number | null | undefined) => formatNumber(value, locale),
  };
}
