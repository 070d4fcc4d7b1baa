import { create } from "zustand";
import { persist } from "zustand/middleware";

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

/** French when the browser prefers French (the customer is French), English otherwise. */
export function detectLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
  const first = languages[0]?.toLowerCase() ?? "";
  return first.startsWith("fr") ? "fr" : "en";
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

/** The interface language, detected once from the browser then persisted when the user switches. */
export const useLocaleStore = create<LocaleState>()(
  persist(
    (set) => ({
      locale: detectLocale(),
      setLocale: (locale) => {
        document.documentElement.lang = locale;
        set({ locale });
      },
    }),
    { name: "vigie.locale" },
  ),
);
