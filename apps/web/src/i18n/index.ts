import { useCallback, useMemo } from "react";
import { useAuthStore } from "../stores/auth.ts";
import { type Locale, useLocaleStore } from "../stores/locale.ts";
import { en, type MessageKey } from "./en.ts";
import { fr } from "./fr.ts";
import { browserTimeZone, zoneLabel } from "./time-zone.ts";

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

const LOCALE_TAGS: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };
const DATE_TIME = new Map<string, Intl.DateTimeFormat>();

/** Day first in both languages (en-GB, fr-FR), 24 h clock, in the given zone; built once per locale and zone. */
function dateTimeFormat(locale: Locale, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = DATE_TIME.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hour12: false,
    });
    DATE_TIME.set(key, format);
  }
  return format;
}

/**
 * Formats a timestamp in the user's locale and zone (24 h clock, seconds: analysts correlate by the second),
 * `21/11/2026 09:37:26`.
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale: Locale,
  zone: string = browserTimeZone(),
): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // en-GB writes "21/11/2026, 09:37:26": the comma is noise in dense tables.
  return dateTimeFormat(locale, zone).format(date).replace(", ", " ");
}

/** The zone dates are shown and typed in: the user's saved one, else the browser's. */
export function useTimeZone(): string {
  const saved = useAuthStore((s) => s.user?.time_zone);
  return saved || browserTimeZone();
}

/** Formats a count with the locale's grouping (12 345 / 12,345). */
export function formatNumber(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined
    ? "—"
    : value.toLocaleString(locale === "fr" ? "fr-FR" : "en-GB");
}

/**
 * Hooks the formatters to the current locale and time zone (stable between renders, so memoized columns stay
 * memoized): every date the console shows goes through `dateTime`.
 */
export function useFormat() {
  const locale = useLocaleStore((s) => s.locale);
  const zone = useTimeZone();
  return useMemo(
    () => ({
      locale,
      zone,
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale, zone),
      number: (value: number | null | undefined) => formatNumber(value, locale),
      /** The zone's short name at an instant (now by default): `CET`, `UTC+9`. */
      zoneLabel: (at = Date.now()) => zoneLabel(zone, at, LOCALE_TAGS[locale]),
    }),
    [locale, zone],
  );
}
