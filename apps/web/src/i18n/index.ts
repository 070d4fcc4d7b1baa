import { useCallback, useMemo } from "react";
import { type Locale, useLocaleStore } from "../stores/locale.ts";
import { en, type MessageKey } from "./en.ts";
import { fr } from "./fr.ts";

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const PLURAL_RULES: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules("en"),
  fr: new Intl.PluralRules("fr"),
};

/** `"{count} alert | {count} alerts"`: the singular form when the locale calls `count` "one" (FR: 0 and 1). */
function pluralForm(locale: Locale, template: string, count: unknown): string {
  const forms = template.split(" | ");
  if (forms.length !== 2) return template;
  return typeof count === "number" && PLURAL_RULES[locale].select(count) === "one" ? forms[0]! : forms[1]!;
}

/**
 * Looks a message up and fills `{name}` placeholders (numbers in the locale's format); unknown placeholders are
 * left visible to be noticed.
 */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = DICTIONARIES[locale][key] ?? en[key];
  if (!vars) return template;
  return pluralForm(locale, template, vars.count).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, locale) : value;
  });
}

/** The translate function for the current locale; components re-render when the locale changes. */
export function useT(): Translate {
  const locale = useLocaleStore((s) => s.locale);
  return useCallback<Translate>((key, vars) => translate(locale, key, vars), [locale]);
}

const DATE_TIME: Record<Locale, Intl.DateTimeFormat> = {
  en: dateTimeFormat("en-GB"),
  fr: dateTimeFormat("fr-FR"),
};

function dateTimeFormat(tag: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(tag, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

/** Formats a timestamp in the user's locale (24 h clock, seconds: analysts correlate by the second), `21/11/2026 09:37:26`. */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // en-GB writes "21/11/2026, 09:37:26": the comma is noise in dense tables.
  return DATE_TIME[locale].format(date).replace(", ", " ");
}

/** Formats a count with the locale's grouping (12 345 / 12,345). */
export function formatNumber(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined
    ? "—"
    : value.toLocaleString(locale === "fr" ? "fr-FR" : "en-GB");
}

/** Hooks the locale-aware formatters to the current locale (stable between renders, so memoized columns stay memoized). */
export function useFormat() {
  const locale = useLocaleStore((s) => s.locale);
  return useMemo(
    () => ({
      locale,
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale),
      number: (value: number | null | undefined) => formatNumber(value, locale),
    }),
    [locale],
  );
}
