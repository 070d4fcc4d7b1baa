import { useT } from "../i18n/index.ts";
import { LOCALES, useLocaleStore } from "../stores/locale.ts";
import { useThemeStore } from "../stores/theme.ts";

/** Theme toggle and FR/EN switch, shown in the sidebar and on the login page. */
export function PreferenceSwitches() {
  const t = useT();
  const theme = useThemeStore((s) => s.theme);
  const toggleTheme = useThemeStore((s) => s.toggle);
  const locale = useLocaleStore((s) => s.locale);
  const setLocale = useLocaleStore((s) => s.setLocale);
  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        className="vg-btn flex-1"
        onClick={toggleTheme}
        data-testid="theme-toggle"
        aria-pressed={theme === "light"}
      >
        {theme === "dark" ? t("prefs.lightTheme") : t("prefs.darkTheme")}
      </button>
      <fieldset
        className="flex overflow-hidden rounded-md border border-line"
        aria-label={t("prefs.language")}
      >
        {LOCALES.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            aria-pressed={locale === code}
            data-testid={`locale-${code}`}
            onClick={() => setLocale(code)}
            className={`h-8 px-2 text-[12px] font-semibold uppercase ${locale === code ? "bg-accent text-accent-fg" : "bg-raised text-muted"}`}
          >
            {code}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
